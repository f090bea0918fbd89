package org.latentarchive.indexer.cli;

import org.latentarchive.embed.ImageModel;
import org.latentarchive.embed.Preprocessing;
import org.latentarchive.embed.model.NsfwjsModel;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Which image model embeds: the default (imported from nsfwjs) or any ONNX image model with its preprocessing. */
final class ModelOptions {

    @Option(names = "--model", split = ",", paramLabel = "NAME",
        description = "built-in models to embed with, comma-separated: mobilenet_v2 (default), inception_v3; each fills vectors.<name>")
    java.util.List<String> builtIn = java.util.List.of(org.latentarchive.embed.model.NsfwjsModel.MODEL_NAME);

    @Option(names = "--model-cache", description = "where models are kept (default: $LATENT_ARCHIVE_MODEL_CACHE or ~/.cache/latent-archive/models)")
    Path cache;

    @Option(names = "--onnx", paramLabel = "PATH|URL",
        description = "an ONNX image model (file or http(s) URL, downloaded once into the model cache) instead of the default MobileNetV2")
    String onnx;

    @Option(names = "--model-name", description = "field name for a custom model's vectors (vectors.<name>)")
    String name;

    @Option(names = "--input-size", defaultValue = "224", description = "custom model: square input size (default ${DEFAULT-VALUE})")
    int inputSize;

    @Option(names = "--resize", defaultValue = "center-crop",
        description = "custom model: stretch-align-corners, stretch or center-crop (default ${DEFAULT-VALUE})")
    String resize;

    @Option(names = "--mean", split = ",", description = "custom model: per-channel mean after /255, e.g. 0.485,0.456,0.406")
    float[] mean;

    @Option(names = "--std", split = ",", description = "custom model: per-channel deviation after /255, e.g. 0.229,0.224,0.225")
    float[] std;

    @Option(names = "--output", description = "custom model: name of the output holding the embedding (default: the first)")
    String output;

    @Option(names = "--dims", description = "custom model: embedding dimensions")
    Integer dims;

    @Option(names = "--gpu", description = "run the model on the GPU (needs the gpu build: mvn -Pgpu)")
    boolean gpu;

    @Option(names = "--model-threads", defaultValue = "0", description = "ONNX Runtime threads (0 = one per core)")
    int threads;

    Path cacheDir() {
        return cache != null ? cache : NsfwjsModel.defaultCacheDir();
    }

    /** The one model of a command that embeds with one (the first of {@code --model}, or {@code --onnx}). */
    ImageModel model(PrintStream log) throws IOException {
        return models(log).getFirst();
    }

    /** Every model asked for: the built-in ones of {@code --model}, or the {@code --onnx} model. */
    java.util.List<ImageModel> models(PrintStream log) throws IOException {
        if (onnx == null) {
            for (String name : builtIn) {
                if (!ImageModel.BUILT_IN.contains(name)) {
                    throw new IllegalArgumentException(
                        "unknown model '" + name + "' for --model: the built-in models are " + String.join(", ", ImageModel.BUILT_IN));
                }
            }
            java.util.List<ImageModel> models = new java.util.ArrayList<>();
            for (String name : new java.util.LinkedHashSet<>(builtIn)) {
                models.add(ImageModel.builtIn(name, cacheDir(), log));
            }
            return models;
        }
        if (name == null || dims == null) {
            throw new IllegalArgumentException("a custom --onnx model needs --model-name and --dims");
        }
        Preprocessing p = new Preprocessing(inputSize, Preprocessing.ResizeMode.parse(resize),
            mean != null ? mean : new float[] {0, 0, 0}, std != null ? std : new float[] {1, 1, 1});
        return java.util.List.of(ImageModel.custom(name, ModelDownload.resolve(onnx, cacheDir(), log), p, output != null ? output : "", dims));
    }
}
