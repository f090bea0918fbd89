package org.latentarchive.embed;

import org.latentarchive.embed.model.NsfwjsModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * An ONNX image model and what it needs around it. {@code name} names the index field ({@code vectors.<name>});
 * {@code id} identifies the exact weights and preprocessing, so that a changed model re-embeds every image.
 */
public record ImageModel(String name, Path onnx, Preprocessing preprocessing, String outputName, int dims, String id) {

    /** The default model, imported from the npm package on first use. */
    public static ImageModel mobilenetV2(Path cacheDir, PrintStream log) throws IOException {
        Path onnx = NsfwjsModel.ensureOnnx(cacheDir, log);
        return new ImageModel(NsfwjsModel.MODEL_NAME, onnx, Preprocessing.MOBILENET_V2, NsfwjsModel.OUTPUT, NsfwjsModel.DIMS,
            NsfwjsModel.MODEL_NAME + ":nsfwjs-" + NsfwjsModel.VERSION + "-r" + NsfwjsModel.IMPORTER_REVISION);
    }

    /** The second backbone of the same npm package: InceptionV3 (299 px), 2048-d features, imported on first use. */
    public static ImageModel inceptionV3(Path cacheDir, PrintStream log) throws IOException {
        Path onnx = NsfwjsModel.ensureInceptionOnnx(cacheDir, log);
        return new ImageModel(NsfwjsModel.INCEPTION_NAME, onnx, Preprocessing.INCEPTION_V3, NsfwjsModel.OUTPUT, NsfwjsModel.INCEPTION_DIMS,
            NsfwjsModel.INCEPTION_NAME + ":nsfwjs-" + NsfwjsModel.VERSION + "-r" + NsfwjsModel.INCEPTION_IMPORTER_REVISION);
    }

    /** The names {@link #builtIn} knows. */
    public static final java.util.List<String> BUILT_IN = java.util.List.of(NsfwjsModel.MODEL_NAME, NsfwjsModel.INCEPTION_NAME);

    /** A model the project imports itself, by its field name ({@link #BUILT_IN}). */
    public static ImageModel builtIn(String name, Path cacheDir, PrintStream log) throws IOException {
        if (name.equals(NsfwjsModel.MODEL_NAME)) {
            return mobilenetV2(cacheDir, log);
        }
        if (name.equals(NsfwjsModel.INCEPTION_NAME)) {
            return inceptionV3(cacheDir, log);
        }
        throw new IllegalArgumentException("unknown model " + name + ": the built-in models are " + String.join(", ", BUILT_IN));
    }

    /** Any other ONNX image model; its id is derived from the file's content and the preprocessing. */
    public static ImageModel custom(String name, Path onnx, Preprocessing preprocessing, String outputName, int dims)
        throws IOException {
        String id = name + ":" + NsfwjsModel.sha256(onnx).substring(0, 16) + ":" + preprocessing.size() + "-" + preprocessing.resize()
            .name().toLowerCase(java.util.Locale.ROOT);
        return new ImageModel(name, onnx, preprocessing, outputName, dims, id);
    }
}
