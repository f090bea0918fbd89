package org.latentarchive.explorer;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How long an image query takes on the sample collection (upload, decoding, embedding, the exact search, the answer),
 * and how many one explorer answers for 4 concurrent clients. A benchmark, not a test: it prints its figures and
 * asserts nothing about time. Run it with {@code -Dtest=ImageQueryBenchmark -Dbench=true}.
 */
class ImageQueryBenchmark {

    private static final int QUERIES = 50;
    private static final int CLIENTS = 4;
    private static final long THROUGHPUT_SECONDS = 20;

    @Test
    void imageQueryLatencyAndThroughput() throws Exception {
        assumeTrue(Boolean.getBoolean("bench"), "a benchmark: run with -Dbench=true");
        Fixture f = Fixture.get();
        List<String> ids = QueryImagesForTests.ids();
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            images.add(QueryImagesForTests.croppedJpeg(ids.get(i * ids.size() / QUERIES), 0.05));
        }
        for (int i = 0; i < 5; i++) {
            query(f, images.get(i));
        }

        double[] total = new double[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            long start = System.nanoTime();
            query(f, images.get(i));
            total[i] = (System.nanoTime() - start) / 1e6;
        }
        double[] embed = new double[QUERIES];
        try (var embedder = new org.latentarchive.explorer.imagesearch.QueryImages(org.latentarchive.embed.model.NsfwjsModel.defaultCacheDir(),
            org.latentarchive.explorer.imagesearch.QueryImages.Limits.DEFAULT)) {
            embedder.embed(images.get(0));
            for (int i = 0; i < QUERIES; i++) {
                long start = System.nanoTime();
                embedder.embed(images.get(i));
                embed[i] = (System.nanoTime() - start) / 1e6;
            }
        }

        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + THROUGHPUT_SECONDS * 1_000_000_000L;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int first = c;
            running.add(clients.submit(() -> {
                for (int i = first; System.nanoTime() < end; i += CLIENTS) {
                    try {
                        if (query(f, images.get(i % QUERIES)) == 200) {
                            done.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> r : running) {
            r.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        clients.shutdown();

        System.out.printf("image query on %d paintings, %d CPUs (Runtime.availableProcessors), one explorer in the test JVM:%n",
            f.artworks, Runtime.getRuntime().availableProcessors());
        System.out.printf("  upload + decode + embed + exact search, %d sequential queries: median %.1f ms, p95 %.1f ms%n",
            QUERIES, percentile(total, 50), percentile(total, 95));
        System.out.printf("  of which decode + embed alone (in-process): median %.1f ms, p95 %.1f ms%n",
            percentile(embed, 50), percentile(embed, 95));
        System.out.printf("  %d concurrent clients for %.1f s: %.2f image queries/s, %d answered, %d refused or failed%n",
            CLIENTS, seconds, done.get() / seconds, done.get(), failed.get());
    }

    private static int query(Fixture f, byte[] jpeg) throws Exception {
        HttpResponse<String> response = ImageSearchApiTest.post(f.baseUrl, "/api/search/image?size=12", jpeg, "image/jpeg");
        return response.statusCode();
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
