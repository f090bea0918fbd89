package org.latentarchive.indexer.bench;

import org.latentarchive.devnode.DevNode;
import org.latentarchive.embed.Embedder;
import org.latentarchive.embed.ImageDecoder;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.embed.Preprocessing;
import org.latentarchive.embed.RgbImage;
import org.latentarchive.index.EsConfig;
import org.latentarchive.indexer.job.IndexConfig;
import org.latentarchive.indexer.job.IndexJob;
import org.latentarchive.indexer.job.IndexSummary;
import org.latentarchive.embed.model.NsfwjsModel;
import org.latentarchive.indexer.source.LocalCollectionSource;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Indexing throughput on this machine, in one run: model-only images/s (inference on tensors prepared beforehand,
 * the ceiling) beside end-to-end images/s (read, decode, resize, embed and bulk-index into a real Elasticsearch
 * node), their ratio, decode-only images/s, and peak memory (JVM heap and the process's resident set, which
 * includes ONNX Runtime's native memory).
 *
 * <p>Usage: {@code ./latent-archive bench-indexer [--collection DIR] [--es-url URL] [--model mobilenet_v2,inception_v3]
 * [--device cpu,gpu] [--batch 1,16,64] [--seconds S] [--decode-threads N] [--model-threads N] [--rounds N]}: every model on
 * every device at every batch size, in one run; {@code --seconds} repeats the model-only pass over the collection until
 * that much time has passed. Without {@code --es-url} it starts a development node of its own.
 */
public final class IndexerBenchmark {

    public static void main(String[] args) throws Exception {
        Path collection = Path.of("../shared/collections/aic-paintings");
        String esUrl = null;
        List<Integer> batches = List.of(16);
        List<String> models = List.of(NsfwjsModel.MODEL_NAME);
        List<String> devices = List.of("cpu");
        int cores = Runtime.getRuntime().availableProcessors();
        int decodeThreads = cores;
        int modelThreads = 0;
        int rounds = 3;
        double seconds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--collection" -> collection = Path.of(args[++i]);
                case "--es-url" -> esUrl = args[++i];
                case "--batch" -> batches = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--model" -> models = List.of(args[++i].split(","));
                case "--device" -> devices = List.of(args[++i].split(","));
                case "--gpu" -> devices = List.of("gpu");
                case "--decode-threads" -> decodeThreads = Integer.parseInt(args[++i]);
                case "--model-threads" -> modelThreads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        PrintStream out = System.out;
        List<Path> files;
        try (var list = Files.list(collection.resolve("images"))) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        out.printf(Locale.ROOT, "indexer benchmark: %d images of %s, %d cores, models %s, devices %s, batches %s, %d decode threads,"
                + " model threads %s, model-only over %s%n", files.size(), collection, cores, models, devices, batches, decodeThreads,
            modelThreads == 0 ? "default" : modelThreads, seconds > 0 ? "at least " + seconds + " s" : "one pass");

        DevNode node = null;
        if (esUrl == null) {
            Path work = Files.createDirectories(Path.of("indexer", "target", "bench-node"));
            node = DevNode.start(Path.of(DevNode.DEFAULT_DIST), work.resolve("home"), work.resolve("data"), 0,
                new PrintStream(Files.newOutputStream(work.resolve("node.log")), true), Duration.ofMinutes(3));
            esUrl = node.url();
        }
        try {
            for (String name : models) {
                ImageModel model = ImageModel.builtIn(name, NsfwjsModel.defaultCacheDir(), out);
                List<float[]> tensors = decodeOnly(model, files, out);
                for (String device : devices) {
                    try (Embedder embedder = Embedder.open(model, modelThreads, device.equals("gpu"))) {
                        for (int batch : batches) {
                            out.printf(Locale.ROOT, "== %s on %s, batch %d%n", name, device, batch);
                            measure(embedder, collection, esUrl, tensors, batch, decodeThreads, modelThreads, rounds, seconds, out);
                        }
                    }
                }
            }
            out.printf(Locale.ROOT, "load average (other processes on this machine skew wall-clock rates): %s%n",
                Files.readString(Path.of("/proc/loadavg")).strip());
            out.printf(Locale.ROOT, "peak memory: JVM heap %.0f MB, process resident %s%n", peakHeapMb(), peakRss());
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    /** Decode-only images/s, and the tensors for model-only, prepared once per model (its input size). */
    private static List<float[]> decodeOnly(ImageModel model, List<Path> files, PrintStream out) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        Preprocessing p = model.preprocessing();
        List<float[]> tensors = new ArrayList<>();
        double decodeRate = 0;
        long decodeCpu0 = 0;
        // Twice: the first pass warms the JIT up, the second is measured.
        for (int pass = 0; pass < 2; pass++) {
            tensors.clear();
            decodeCpu0 = cpuMillis();
            long t0 = System.nanoTime();
            for (Path f : files) {
                RgbImage image = decoder.decode(Files.readAllBytes(f));
                float[] t = new float[p.tensorLength()];
                p.apply(image, t, 0);
                tensors.add(t);
            }
            decodeRate = files.size() / ((System.nanoTime() - t0) / 1e9);
        }
        double decodeCpu = (cpuMillis() - decodeCpu0) / (double) files.size();
        out.printf(Locale.ROOT, "%s: decode + resize to %d px alone, one thread: %.1f images/s (%.0f CPU-ms/image)%n",
            model.name(), p.size(), decodeRate, decodeCpu);
        return tensors;
    }

    private static void measure(Embedder embedder, Path collection, String esUrl, List<float[]> tensors, int batch, int decodeThreads,
                                int modelThreads, int rounds, double seconds, PrintStream out) throws Exception {
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        ImageModel model = embedder.model();
        int length = model.preprocessing().tensorLength();
        double best = 0;
        double bestE2e = 0;
        double modelCpuPerImage = Double.MAX_VALUE;
        double e2eCpuPerImage = Double.MAX_VALUE;
        double nodeCpuPerImage = Double.MAX_VALUE;
        modelOnly(embedder, tensors, batch, length, 0); // warm-up
        for (int round = 1; round <= rounds; round++) {
            long cpu0 = cpuMillis();
            double[] rateAndCount = modelOnly(embedder, tensors, batch, length, seconds);
            double modelRate = rateAndCount[0];
            double modelCpu = (cpuMillis() - cpu0) / rateAndCount[1];
            String index = "bench-" + System.currentTimeMillis();
            IndexConfig config = new IndexConfig(LocalCollectionSource.of(collection), EsConfig.of(esUrl), index, model, false,
                batch, decodeThreads, modelThreads, 0, Duration.ofHours(1), quiet, false, org.latentarchive.indexer.job.Partition.ALL);
            long nodeCpu0 = nodeCpuMillis(esUrl);
            long cpu1 = cpuMillis();
            IndexSummary run = IndexJob.run(config, embedder);
            double e2eCpu = (cpuMillis() - cpu1) / (double) Math.max(1, run.embedded());
            double nodeCpu = (nodeCpuMillis(esUrl) - nodeCpu0) / (double) Math.max(1, run.embedded());
            double e2e = run.imagesPerSecond();
            out.printf(Locale.ROOT, "round %d: model-only %.1f images/s (%.0f CPU-ms/image, %.0f images); end-to-end %.1f images/s (%.0f"
                    + " CPU-ms/image in the indexer + %.0f in Elasticsearch; %d embedded, %d indexed, %d skipped); ratio %.0f%%%n",
                round, modelRate, modelCpu, rateAndCount[1], e2e, e2eCpu, nodeCpu, run.embedded(), run.indexed(), run.skippedTotal(),
                100 * e2e / modelRate);
            best = Math.max(best, modelRate);
            bestE2e = Math.max(bestE2e, e2e);
            modelCpuPerImage = Math.min(modelCpuPerImage, modelCpu);
            e2eCpuPerImage = Math.min(e2eCpuPerImage, e2eCpu);
            nodeCpuPerImage = Math.min(nodeCpuPerImage, nodeCpu);
            deleteIndex(esUrl, index);
        }
        out.printf(Locale.ROOT, "%s batch %d: best model-only %.1f images/s, best end-to-end %.1f images/s (%.0f%% of model-only)%n",
            model.name(), batch, best, bestE2e, 100 * bestE2e / best);
        // Wall-clock rates swing with whatever else runs on the machine; CPU time per image does not. With every
        // core busy, end-to-end can reach at most model CPU / (indexer CPU + node CPU) of the model-only rate.
        out.printf(Locale.ROOT, "CPU per image: model %.0f ms, end-to-end %.0f ms in the indexer + %.0f ms in Elasticsearch"
                + " -> CPU-bound ceiling of end-to-end = %.0f%% of model-only%n",
            modelCpuPerImage, e2eCpuPerImage, nodeCpuPerImage, 100 * modelCpuPerImage / (e2eCpuPerImage + nodeCpuPerImage));
    }

    /** Model-only: the prepared tensors through the model in batches, repeated until {@code seconds} have passed (one pass at least). */
    private static double[] modelOnly(Embedder embedder, List<float[]> tensors, int batch, int length, double seconds) {
        float[] buffer = new float[batch * length];
        long start = System.nanoTime();
        long done = 0;
        do {
            int offset = 0;
            while (offset < tensors.size()) {
                int n = Math.min(batch, tensors.size() - offset);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(tensors.get(offset + i), 0, buffer, i * length, length);
                }
                embedder.embed(buffer, n);
                offset += n;
            }
            done += tensors.size();
        } while ((System.nanoTime() - start) / 1e9 < seconds);
        return new double[] {done / ((System.nanoTime() - start) / 1e9), done};
    }

    /** CPU time of this JVM, all threads, ONNX Runtime's native threads included. */
    private static long cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    /** CPU time of the Elasticsearch node(s), from the node stats API. */
    private static long nodeCpuMillis(String url) throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/_nodes/stats/process")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            long total = 0;
            for (var node : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("nodes")) {
                total += node.path("process").path("cpu").path("total_in_millis").asLong();
            }
            return total;
        }
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }

    /** VmHWM: the most resident memory the process has had (Linux). */
    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return "unknown";
    }

    private static void deleteIndex(String url, String index) throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/" + index)).DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        }
    }
}
