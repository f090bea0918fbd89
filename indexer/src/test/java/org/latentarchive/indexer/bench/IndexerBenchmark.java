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
 * <p>Usage: {@code ./latent-archive bench-indexer [--collection DIR] [--es-url URL] [--batch N] [--decode-threads N]
 * [--model-threads N] [--rounds N]}. Without {@code --es-url} it starts a development node of its own.
 */
public final class IndexerBenchmark {

    public static void main(String[] args) throws Exception {
        Path collection = Path.of("../shared/collections/aic-paintings");
        String esUrl = null;
        int batch = 16;
        int cores = Runtime.getRuntime().availableProcessors();
        int decodeThreads = cores;
        int modelThreads = 0;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--collection" -> collection = Path.of(args[++i]);
                case "--es-url" -> esUrl = args[++i];
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--decode-threads" -> decodeThreads = Integer.parseInt(args[++i]);
                case "--model-threads" -> modelThreads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        PrintStream out = System.out;
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        ImageModel model = ImageModel.mobilenetV2(NsfwjsModel.defaultCacheDir(), out);
        List<Path> files;
        try (var list = Files.list(collection.resolve("images"))) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        out.printf(Locale.ROOT, "indexer benchmark: %d images of %s, %d cores, batch %d, %d decode threads, model threads %s%n",
            files.size(), collection, cores, batch, decodeThreads, modelThreads == 0 ? "default" : modelThreads);

        DevNode node = null;
        if (esUrl == null) {
            Path work = Files.createDirectories(Path.of("indexer", "target", "bench-node"));
            node = DevNode.start(Path.of(DevNode.DEFAULT_DIST), work.resolve("home"), work.resolve("data"), 0,
                new PrintStream(Files.newOutputStream(work.resolve("node.log")), true), Duration.ofMinutes(3));
            esUrl = node.url();
        }
        try (Embedder embedder = Embedder.open(model, modelThreads, false)) {
            // Decode-only and the tensors for model-only, prepared once.
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

            double best = 0;
            double bestE2e = 0;
            double modelCpuPerImage = Double.MAX_VALUE;
            double e2eCpuPerImage = Double.MAX_VALUE;
            double nodeCpuPerImage = Double.MAX_VALUE;
            modelOnly(embedder, tensors, batch, p.tensorLength()); // warm-up
            for (int round = 1; round <= rounds; round++) {
                long cpu0 = cpuMillis();
                double modelRate = modelOnly(embedder, tensors, batch, p.tensorLength());
                double modelCpu = (cpuMillis() - cpu0) / (double) tensors.size();
                String index = "bench-" + System.currentTimeMillis();
                IndexConfig config = new IndexConfig(LocalCollectionSource.of(collection), EsConfig.of(esUrl), index, model, false,
                    batch, decodeThreads, modelThreads, 0, Duration.ofHours(1), quiet, false);
                long nodeCpu0 = nodeCpuMillis(esUrl);
                long cpu1 = cpuMillis();
                IndexSummary run = IndexJob.run(config, embedder);
                double e2eCpu = (cpuMillis() - cpu1) / (double) Math.max(1, run.embedded());
                double nodeCpu = (nodeCpuMillis(esUrl) - nodeCpu0) / (double) Math.max(1, run.embedded());
                double e2e = run.imagesPerSecond();
                out.printf(Locale.ROOT, "round %d: model-only %.1f images/s (%.0f CPU-ms/image); end-to-end %.1f images/s (%.0f CPU-ms/image in"
                        + " the indexer + %.0f in Elasticsearch; %d embedded, %d indexed, %d skipped); ratio %.0f%%%n",
                    round, modelRate, modelCpu, e2e, e2eCpu, nodeCpu, run.embedded(), run.indexed(), run.skippedTotal(), 100 * e2e / modelRate);
                best = Math.max(best, modelRate);
                bestE2e = Math.max(bestE2e, e2e);
                modelCpuPerImage = Math.min(modelCpuPerImage, modelCpu);
                e2eCpuPerImage = Math.min(e2eCpuPerImage, e2eCpu);
                nodeCpuPerImage = Math.min(nodeCpuPerImage, nodeCpu);
                deleteIndex(esUrl, index);
            }
            out.printf(Locale.ROOT, "decode-only (1 thread, read + decode + resize): %.1f images/s, %.0f CPU-ms/image%n", decodeRate, decodeCpu);
            out.printf(Locale.ROOT, "model-only (best of %d): %.1f images/s%n", rounds, best);
            out.printf(Locale.ROOT, "end-to-end (best of %d, decode + embed + bulk index): %.1f images/s = %.0f%% of model-only%n",
                rounds, bestE2e, 100 * bestE2e / best);
            // Wall-clock rates swing with whatever else runs on the machine; CPU time per image does not. With every
            // core busy, end-to-end can reach at most model CPU / (indexer CPU + node CPU) of the model-only rate.
            out.printf(Locale.ROOT, "CPU per image: model %.0f ms, end-to-end %.0f ms in the indexer + %.0f ms in Elasticsearch"
                    + " -> CPU-bound ceiling of end-to-end = %.0f%% of model-only%n",
                modelCpuPerImage, e2eCpuPerImage, nodeCpuPerImage, 100 * modelCpuPerImage / (e2eCpuPerImage + nodeCpuPerImage));
            out.printf(Locale.ROOT, "load average (other processes on this machine skew wall-clock rates): %s%n",
                Files.readString(Path.of("/proc/loadavg")).strip());
            out.printf(Locale.ROOT, "peak memory: JVM heap %.0f MB, process resident %s%n", peakHeapMb(), peakRss());
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    private static double modelOnly(Embedder embedder, List<float[]> tensors, int batch, int length) {
        float[] buffer = new float[batch * length];
        long start = System.nanoTime();
        int done = 0;
        while (done < tensors.size()) {
            int n = Math.min(batch, tensors.size() - done);
            for (int i = 0; i < n; i++) {
                System.arraycopy(tensors.get(done + i), 0, buffer, i * length, length);
            }
            embedder.embed(buffer, n);
            done += n;
        }
        return done / ((System.nanoTime() - start) / 1e9);
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
