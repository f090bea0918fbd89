package org.latentarchive.devnode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the development node in a JVM of its own. Its own JVM keeps Elasticsearch's classpath (Lucene,
 * its x-content, log4j) apart from the indexer's and the explorer's (DJL, Jackson, Jetty), just as in production,
 * where they talk to a cluster over HTTP. This class imports nothing from Elasticsearch.
 *
 * <p>The distribution folder is what the devnode build lays out under {@code devnode/target/devnode}:
 * {@code lib/} (the node's classpath), {@code netty/} (the transport module) and {@code latent-archive-plugin.zip}.
 */
public final class DevNode implements AutoCloseable {

    /** Where the build lays the distribution out, relative to the repository root. */
    public static final String DEFAULT_DIST = "devnode/target/devnode";

    private final Process process;
    private final int port;
    private final Thread pump;

    private DevNode(Process process, int port, Thread pump) {
        this.process = process;
        this.port = port;
        this.pump = pump;
    }

    /**
     * Starts a single-node cluster with its home under {@code home} and its data under {@code data}; {@code port} 0
     * picks a free one. Its output goes to {@code log}. Returns once the node answers HTTP.
     */
    public static DevNode start(Path dist, Path home, Path data, int port, PrintStream log, Duration timeout)
        throws IOException {
        return start(dist, home, data, NodeSettings.single(port), log, timeout);
    }

    /**
     * Starts a node as {@code settings} say (alone, or one member of a cluster). Returns once it answers HTTP and the
     * cluster it belongs to is at least yellow, which for a cluster member means its other members have to start
     * meanwhile.
     */
    public static DevNode start(Path dist, Path home, Path data, NodeSettings settings, PrintStream log, Duration timeout)
        throws IOException {
        Path lib = dist.resolve("lib");
        Path zip = dist.resolve("latent-archive-plugin.zip");
        if (!Files.isDirectory(lib) || !Files.isRegularFile(zip)) {
            throw new IOException("no development node distribution at " + dist.toAbsolutePath()
                + ": build it first (mvn -pl devnode -am package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms" + settings.heap(), "-Xmx" + settings.heap(),
            "-XX:+UseG1GC", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
            "-Dlog4j2.disable.jmx=true", "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")),
            "-cp", lib.toAbsolutePath() + "/*", DevNodeMain.class.getName(),
            "--home", home.toAbsolutePath().toString(), "--data", data.toAbsolutePath().toString(),
            "--plugin-zip", zip.toAbsolutePath().toString(),
            "--netty-dir", dist.resolve("netty").toAbsolutePath().toString()));
        command.addAll(settings.arguments());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> started = new CompletableFuture<>();
        java.util.Deque<String> lastLines = new java.util.concurrent.ConcurrentLinkedDeque<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    // Elasticsearch routes System.out through its logger, so the marker comes with a log prefix.
                    int marker = line.indexOf(DevNodeMain.STARTED);
                    if (marker >= 0) {
                        started.complete(Integer.parseInt(line.substring(marker + DevNodeMain.STARTED.length()).trim()));
                    }
                    log.println(line);
                    lastLines.addLast(line);
                    if (lastLines.size() > 30) {
                        lastLines.pollFirst();
                    }
                }
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
            }
            started.completeExceptionally(new IOException("the development node exited with " + exitCode(process)));
        }, "devnode-output");
        pump.setDaemon(true);
        pump.start();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            int bound = started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            awaitYellow(bound, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            return new DevNode(process, bound, pump);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the development node " + settings.nodeName() + " did not start: " + rootMessage(e)
                + "\n--- its last output ---\n" + String.join("\n", lastLines), e);
        }
    }

    /** After a restart the node answers before its shards are recovered; callers want them recovered. */
    private static void awaitYellow(int port, Duration timeout) throws IOException {
        long seconds = Math.max(1, timeout.toSeconds());
        var url = java.net.URI.create("http://127.0.0.1:" + port
            + "/_cluster/health?wait_for_status=yellow&wait_for_no_initializing_shards=true&timeout=" + seconds + "s").toURL();
        var connection = (java.net.HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, (seconds + 10) * 1000));
        try (var body = connection.getResponseCode() == 200 ? connection.getInputStream() : connection.getErrorStream()) {
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (connection.getResponseCode() != 200 || text.contains("\"timed_out\":true")) {
                throw new IOException("the development node's shards did not recover: " + text);
            }
        } finally {
            connection.disconnect();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Ends the node at once with SIGKILL, as a crashed machine or the kernel's OOM killer would: no flush, no leaving
     * the cluster. Its data folder stays, so a new start with the same folders is the node coming back.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            pump.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the node the way an operator's Ctrl-C does (SIGTERM), and waits for it to flush and exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            pump.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String exitCode(Process p) {
        try {
            return Integer.toString(p.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
