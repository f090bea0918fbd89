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

    /** Any other ONNX image model; its id is derived from the file's content and the preprocessing. */
    public static ImageModel custom(String name, Path onnx, Preprocessing preprocessing, String outputName, int dims)
        throws IOException {
        String id = name + ":" + NsfwjsModel.sha256(onnx).substring(0, 16) + ":" + preprocessing.size() + "-" + preprocessing.resize()
            .name().toLowerCase(java.util.Locale.ROOT);
        return new ImageModel(name, onnx, preprocessing, outputName, dims, id);
    }
}
