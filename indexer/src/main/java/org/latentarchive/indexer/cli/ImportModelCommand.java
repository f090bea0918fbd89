package org.latentarchive.indexer.cli;

import org.latentarchive.embed.model.NsfwjsModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Fetches nsfwjs with npm (pinned version and checksum) and converts its MobileNetV2 to ONNX. */
@Command(name = "import-model", mixinStandardHelpOptions = true,
    description = "Import the default model (MobileNetV2 from npm nsfwjs " + NsfwjsModel.VERSION + ") into ONNX.")
final class ImportModelCommand implements Callable<Integer> {

    @Option(names = "--model-cache", description = "where models are kept (default: $LATENT_ARCHIVE_MODEL_CACHE or ~/.cache/latent-archive/models)")
    Path cache;

    @Option(names = "--tarball", description = "an nsfwjs-" + NsfwjsModel.VERSION + ".tgz already at hand (checksum still verified)")
    Path tarball;

    @Option(names = "--out", description = "write the ONNX file here instead of the model cache")
    Path out;

    @Option(names = "--model", defaultValue = NsfwjsModel.MODEL_NAME,
        description = "which of the package's backbones: mobilenet_v2 or inception_v3 (default ${DEFAULT-VALUE})")
    String model;

    @Override
    public Integer call() throws Exception {
        Path dir = cache != null ? cache : NsfwjsModel.defaultCacheDir();
        if (tarball != null) {
            Files.createDirectories(dir);
            Path target = dir.resolve(NsfwjsModel.PACKAGE + "-" + NsfwjsModel.VERSION + ".tgz");
            if (!tarball.toAbsolutePath().equals(target.toAbsolutePath())) {
                Files.copy(tarball, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        boolean inception = model.equals(NsfwjsModel.INCEPTION_NAME);
        if (!inception && !model.equals(NsfwjsModel.MODEL_NAME)) {
            throw new IllegalArgumentException("unknown model " + model + ": the package holds mobilenet_v2 and inception_v3");
        }
        Path onnx;
        if (out != null) {
            Path tgz = NsfwjsModel.ensureTarball(dir, System.err);
            Files.write(out, (inception ? NsfwjsModel.importInception(tgz) : NsfwjsModel.importModel(tgz)).toByteArray());
            onnx = out;
        } else {
            onnx = inception ? NsfwjsModel.ensureInceptionOnnx(dir, System.err) : NsfwjsModel.ensureOnnx(dir, System.err);
        }
        System.out.println(onnx.toAbsolutePath());
        return 0;
    }
}
