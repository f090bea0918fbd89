package org.latentarchive.launcher;

import org.latentarchive.explorer.ExplorerCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load check of a running explorer (a benchmark, not a test): first one client alone (the baseline), then N
 * concurrent clients, each looping over random artworks: the artwork API, then its nearest or farthest neighbours.
 * Prints requests per second, p50/p95/p99 latency per route and the error count, and the ratios to the baseline.
 *
 * <pre>./latent-archive bench-explorer [--url http://127.0.0.1:7070] [--clients 20] [--seconds 60] [--baseline-seconds 10]</pre>
 */
@Command(name = "bench-explorer", mixinStandardHelpOptions = true, version = "Latent Archive load check 0.1",
    description = "Load check of a running explorer: one client alone (the baseline), then many at once.")
public final class LoadCheck implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:7070", description = "the explorer (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--clients", defaultValue = "20", description = "concurrent clients of the load run (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seconds", defaultValue = "60", description = "length of the load run (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--baseline-seconds", defaultValue = "10", description = "length of the one-client baseline (default ${DEFAULT-VALUE})")
    int baselineSeconds;

    private record Sample(int route, long nanos, boolean ok) {
    }

    private record Result(String label, int clients, double seconds, List<Sample> samples) {
        long errors() {
            return samples.stream().filter(s -> !s.ok()).count();
        }

        double rate() {
            return samples.size() / seconds;
        }

        double percentile(int route, double p) {
            long[] nanos = samples.stream().filter(s -> route < 0 || s.route() == route).mapToLong(Sample::nanos).sorted().toArray();
            if (nanos.length == 0) {
                return Double.NaN;
            }
            return nanos[(int) Math.min(nanos.length - 1, Math.ceil(p * nanos.length) - 1)] / 1e6;
        }
    }

    private static final String[] ROUTES = {"artwork", "neighbours"};

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadCheck()).setParameterExceptionHandler(ExplorerCommand::badOption).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || seconds < 1 || baselineSeconds < 1) {
            System.err.println("bench-explorer: --clients, --seconds and --baseline-seconds must be at least 1");
            return 2;
        }
        String url = this.url.replaceAll("/+$", "");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        List<String> ids = ids(http, url);
        System.out.printf(Locale.ROOT, "load check of %s: %d artworks to draw from; routes GET /api/artworks/{id} and "
            + "/api/artworks/{id}/neighbours?size=12 (nearest or farthest)%n", url, ids.size());
        run(http, url, ids, 2, 3, "warm-up");
        Result baseline = run(http, url, ids, 1, baselineSeconds, "baseline");
        Result load = run(http, url, ids, clients, seconds, "load");
        System.out.println();
        print(baseline);
        print(load);
        System.out.printf(Locale.ROOT, "%nratios load/baseline: throughput x%.2f, p50 x%.2f, p95 x%.2f%n",
            load.rate() / baseline.rate(), load.percentile(-1, 0.5) / baseline.percentile(-1, 0.5),
            load.percentile(-1, 0.95) / baseline.percentile(-1, 0.95));
        System.out.printf(Locale.ROOT, "verdict: %s errors, p95 %.1f ms (aim: 0 errors, p95 under 200 ms)%n",
            load.errors(), load.percentile(-1, 0.95));
        return load.errors() == 0 ? 0 : 1;
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT, "%-8s %2d clients %5.1f s: %6d requests, %7.1f req/s, errors %d, latency ms p50 %.1f p95 %.1f p99 %.1f%n",
            r.label(), r.clients(), r.seconds(), r.samples().size(), r.rate(), r.errors(),
            r.percentile(-1, 0.5), r.percentile(-1, 0.95), r.percentile(-1, 0.99));
        for (int route = 0; route < ROUTES.length; route++) {
            int index = route;
            long count = r.samples().stream().filter(s -> s.route() == index).count();
            System.out.printf(Locale.ROOT, "           %-10s %6d requests, latency ms p50 %.1f p95 %.1f%n", ROUTES[route], count,
                r.percentile(route, 0.5), r.percentile(route, 0.95));
        }
    }

    private static List<String> ids(HttpClient http, String url) throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/search?size=200")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the explorer at " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode page = json.readTree(response.body());
        List<String> ids = new ArrayList<>();
        page.path("hits").forEach(hit -> ids.add(hit.path("id").asText()));
        if (ids.isEmpty()) {
            throw new IllegalStateException("the explorer at " + url + " has no artworks");
        }
        return ids;
    }

    private static Result run(HttpClient http, String url, List<String> ids, int clients, int seconds, String label) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Sample>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long seed = 17L * c + label.hashCode();
            futures.add(pool.submit(() -> client(http, url, ids, end, new SplittableRandom(seed))));
        }
        List<Sample> samples = new ArrayList<>();
        for (Future<List<Sample>> future : futures) {
            samples.addAll(future.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(label, clients, elapsed, samples);
    }

    private static List<Sample> client(HttpClient http, String url, List<String> ids, long end, SplittableRandom random) {
        List<Sample> samples = new ArrayList<>();
        while (System.nanoTime() < end) {
            String id = URLEncoder.encode(ids.get(random.nextInt(ids.size())), StandardCharsets.UTF_8).replace("+", "%20");
            samples.add(call(http, 0, url + "/api/artworks/" + id));
            String direction = random.nextBoolean() ? "nearest" : "farthest";
            samples.add(call(http, 1, url + "/api/artworks/" + id + "/neighbours?size=12&direction=" + direction));
        }
        return samples;
    }

    private static Sample call(HttpClient http, int route, String url) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
            return new Sample(route, System.nanoTime() - t0, response.statusCode() == 200 && response.body().length > 0);
        } catch (Exception e) {
            return new Sample(route, System.nanoTime() - t0, false);
        }
    }
}
