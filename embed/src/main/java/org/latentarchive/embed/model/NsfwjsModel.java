package org.latentarchive.embed.model;

import ai.onnx.proto.OnnxMl;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * The default image model: MobileNetV2 (1.4, 224) ImageNet features from the npm package nsfwjs 4.3.0. The package
 * is fetched with the ordinary npm client, checked against a pinned SHA-256, and its TF.js graph converted to ONNX by
 * {@link TfjsToOnnx}. Nothing of the model is committed to the repository; the ONNX file lives in the model cache.
 */
public final class NsfwjsModel {

    public static final String PACKAGE = "nsfwjs";
    public static final String VERSION = "4.3.0";
    /** SHA-256 of {@code nsfwjs-4.3.0.tgz} as the npm registry serves it. */
    public static final String TARBALL_SHA256 = "4496790efc9bdc6f3e85a826a8e482c1fa1e9db4b3d18c095e98cc0c73cfb12f";
    public static final String MODEL_NAME = "mobilenet_v2";
    public static final int DIMS = 1792;
    public static final int INPUT_SIZE = 224;
    public static final String INPUT = "input";
    public static final String OUTPUT = "features";
    /** The 1792-d global-average-pooled MobileNetV2 features, before nsfwjs's 5-class head. */
    public static final String FEATURE_NODE = "StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/"
        + "StatefulPartitionedCall/StatefulPartitionedCall/predict/feature_vector/SpatialSqueeze";
    /** Bumped when the importer's output changes, so that a cached ONNX file of an older importer is not reused. */
    public static final int IMPORTER_REVISION = 1;

    private static final String MODEL_DIR = "package/dist/models/mobilenet_v2_mid/";
    private static final List<String> SHARDS = List.of("group1-shard1of2.min.js", "group1-shard2of2.min.js");

    /** The package's second backbone: Keras InceptionV3 (299 px) as a TF.js layers model, with nsfwjs's 5-class head. */
    public static final String INCEPTION_NAME = "inception_v3";
    public static final int INCEPTION_DIMS = 2048;
    public static final int INCEPTION_INPUT_SIZE = 299;
    /** The 2048-d features: the 8x8 average pool over InceptionV3's last block, flattened, before the head's dense layers. */
    public static final String INCEPTION_FEATURE_LAYER = "flatten_1";
    public static final int INCEPTION_IMPORTER_REVISION = 1;
    private static final String INCEPTION_DIR = "package/dist/models/inception_v3/";
    private static final List<String> INCEPTION_SHARDS = java.util.stream.IntStream.rangeClosed(1, 6)
        .mapToObj(i -> "group1-shard" + i + "of6.min.js").toList();

    private NsfwjsModel() {
    }

    /** The model cache: {@code $LATENT_ARCHIVE_MODEL_CACHE}, else {@code ~/.cache/latent-archive/models}. */
    public static Path defaultCacheDir() {
        String configured = System.getProperty("latent.archive.models", System.getenv("LATENT_ARCHIVE_MODEL_CACHE"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "latent-archive", "models");
    }

    /** The ONNX file of the default model, importing it first (fetching the npm package if needed). */
    public static Path ensureOnnx(Path cacheDir, PrintStream log) throws IOException {
        return ensureOnnx(cacheDir, log, MODEL_NAME, IMPORTER_REVISION, "MobileNetV2", NsfwjsModel::importModel);
    }

    /** The ONNX file of the package's InceptionV3 features, importing it first (fetching the npm package if needed). */
    public static Path ensureInceptionOnnx(Path cacheDir, PrintStream log) throws IOException {
        return ensureOnnx(cacheDir, log, INCEPTION_NAME, INCEPTION_IMPORTER_REVISION, "InceptionV3", NsfwjsModel::importInception);
    }

    private interface Importer {
        OnnxMl.ModelProto read(Path tarball) throws IOException;
    }

    private static Path ensureOnnx(Path cacheDir, PrintStream log, String name, int revision, String title, Importer importer)
        throws IOException {
        Path onnx = cacheDir.resolve(name + "-nsfwjs-" + VERSION + "-r" + revision + ".onnx");
        if (Files.isRegularFile(onnx)) {
            return onnx;
        }
        Path tarball = ensureTarball(cacheDir, log);
        log.println("importing " + title + " features from " + tarball.getFileName() + " into " + onnx);
        OnnxMl.ModelProto model = importer.read(tarball);
        Path partial = Files.createTempFile(cacheDir, name, ".onnx.partial");
        try {
            Files.write(partial, model.toByteArray());
            try {
                // Temporary files are private; the cache may be shared with other users (a service account, a container).
                Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the default ACLs apply.
            }
            Files.move(partial, onnx, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return onnx;
    }

    /** {@code nsfwjs-4.3.0.tgz} in the cache, fetched with {@code npm pack} when missing, checksum verified. */
    public static Path ensureTarball(Path cacheDir, PrintStream log) throws IOException {
        Files.createDirectories(cacheDir);
        Path tarball = cacheDir.resolve(PACKAGE + "-" + VERSION + ".tgz");
        if (!Files.isRegularFile(tarball) || !sha256(tarball).equals(TARBALL_SHA256)) {
            log.println("fetching " + PACKAGE + "@" + VERSION + " with npm pack into " + cacheDir);
            npmPack(cacheDir);
        }
        String actual = sha256(tarball);
        if (!actual.equals(TARBALL_SHA256)) {
            throw new IOException(tarball + " has SHA-256 " + actual + ", expected " + TARBALL_SHA256);
        }
        return tarball;
    }

    private static void npmPack(Path cacheDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("npm", "pack", PACKAGE + "@" + VERSION, "--pack-destination", cacheDir.toString(),
            "--silent").directory(cacheDir.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("the npm client is needed to fetch the default model (" + PACKAGE + "@" + VERSION
                + "): install Node.js/npm, or import a model with `import-model`", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("npm pack " + PACKAGE + "@" + VERSION + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while fetching the model", e);
        }
    }

    /** Converts the package's mobilenet_v2_mid TF.js graph to an ONNX model with a {@value #DIMS}-d output. */
    public static OnnxMl.ModelProto importModel(Path tarball) throws IOException {
        Map<String, String> files = readTextEntries(tarball, MODEL_DIR);
        String topology = files.get(MODEL_DIR + "model.min.js");
        if (topology == null) {
            throw new IOException(tarball + " has no " + MODEL_DIR + "model.min.js");
        }
        List<String> shards = SHARDS.stream().map(s -> {
            String text = files.get(MODEL_DIR + s);
            if (text == null) {
                throw new IllegalArgumentException(tarball + " has no " + MODEL_DIR + s);
            }
            return text;
        }).toList();
        TfjsGraphModel graph = TfjsGraphModel.read(topology, shards);
        return TfjsToOnnx.convert(graph, FEATURE_NODE, INPUT_SIZE, INPUT, OUTPUT,
            "MobileNetV2 1.4/224 ImageNet features (TF-Hub, Apache-2.0) from npm " + PACKAGE + "@" + VERSION
                + " (MIT), input RGB in [0,1] NCHW, output " + DIMS + "-d average-pooled features");
    }

    /** Converts the package's inception_v3 TF.js layers model to an ONNX model with a {@value #INCEPTION_DIMS}-d output. */
    public static OnnxMl.ModelProto importInception(Path tarball) throws IOException {
        TfjsLayersModel layers = readInception(tarball);
        return TfjsLayersToOnnx.convert(layers, INCEPTION_FEATURE_LAYER, INCEPTION_INPUT_SIZE, INPUT, OUTPUT,
            "InceptionV3 (Keras, 299 px) features from npm " + PACKAGE + "@" + VERSION + " (MIT), input RGB in [0,1] NCHW, output "
                + INCEPTION_DIMS + "-d average-pooled features");
    }

    /** The package's inception_v3 layers model as it is, head included. */
    public static TfjsLayersModel readInception(Path tarball) throws IOException {
        Map<String, String> files = readTextEntries(tarball, INCEPTION_DIR);
        String topology = files.get(INCEPTION_DIR + "model.min.js");
        if (topology == null) {
            throw new IOException(tarball + " has no " + INCEPTION_DIR + "model.min.js");
        }
        List<String> shards = new java.util.ArrayList<>();
        for (String s : INCEPTION_SHARDS) {
            String text = files.get(INCEPTION_DIR + s);
            if (text == null) {
                throw new IOException(tarball + " has no " + INCEPTION_DIR + s);
            }
            shards.add(text);
        }
        return TfjsLayersModel.read(topology, shards);
    }

    /** The text files of a .tgz whose names start with {@code prefix} (a minimal ustar reader). */
    static Map<String, String> readTextEntries(Path tgz, String prefix) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = cString(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String ustarPrefix = cString(header, 345, 155);
                if (!ustarPrefix.isEmpty()) {
                    name = ustarPrefix + "/" + name;
                }
                long size = Long.parseLong(cString(header, 124, 12).trim(), 8);
                byte type = header[156];
                long padded = (size + 511) / 512 * 512;
                if ((type == '0' || type == 0) && name.startsWith(prefix)) {
                    byte[] data = in.readNBytes((int) size);
                    files.put(name, new String(data, StandardCharsets.UTF_8));
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
        return files;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    /** The SHA-256 of a file, as hex: what pins a model file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
