package org.latentarchive.launcher;

import org.latentarchive.devnode.DevNode;
import org.latentarchive.devnode.NodeSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

/**
 * Several development nodes on 127.0.0.1, each in a JVM of its own, forming one Elasticsearch cluster: the same
 * cluster name, node names ({@code es01}, {@code es02}, ...), discovery and bootstrap settings as the nodes of
 * {@code docker/compose.yaml}, without its security (the development node is built from Maven Central's jars, which
 * have no x-pack). Node {@code i} keeps its home and data under {@code root/es0<i+1>/}, so the cluster survives a
 * restart, and logs to {@code root/es0<i+1>/elasticsearch.log}.
 */
public final class LocalCluster implements AutoCloseable {

    /** The compose file's {@code cluster.name}. */
    public static final String CLUSTER_NAME = "latent-archive";
    /** Each node's heap unless told otherwise: the compose file's ES_JAVA_OPTS. */
    public static final String DEFAULT_HEAP = "768m";
    /** The compose file's ports (es01's, published on the host); node i listens on these plus i here. */
    public static final int HTTP_PORT = 9200;
    public static final int TRANSPORT_PORT = 9300;

    private final Path dist;
    private final Path root;
    private final List<NodeSettings> settings;
    private final List<DevNode> nodes;
    private final List<PrintStream> logs;
    private final Duration timeout;

    private LocalCluster(Path dist, Path root, List<NodeSettings> settings, Duration timeout) {
        this.dist = dist;
        this.root = root;
        this.settings = settings;
        this.timeout = timeout;
        this.nodes = new ArrayList<>(java.util.Collections.nCopies(settings.size(), null));
        this.logs = new ArrayList<>(java.util.Collections.nCopies(settings.size(), null));
    }

    /** {@code es01}, {@code es02}, ...: the compose file's service and node names. */
    public static String nodeName(int index) {
        return String.format(Locale.ROOT, "es%02d", index + 1);
    }

    /**
     * Starts {@code count} nodes at once (a new cluster needs a majority of its initial master nodes before any of
     * them answers) and returns when the cluster is at least yellow. HTTP ports are {@code httpPort}, {@code
     * httpPort + 1}, ..., transport ports likewise from {@code transportPort}; a base of 0 picks free ports.
     */
    public static LocalCluster start(Path dist, Path root, int count, int httpPort, int transportPort, String heap,
                                     Duration timeout) throws IOException {
        if (count < 1 || count > 9) {
            throw new IllegalArgumentException("a local cluster has 1 to 9 nodes, not " + count);
        }
        List<Integer> http = ports(httpPort, count);
        List<Integer> transport = ports(transportPort, count);
        List<String> names = IntStream.range(0, count).mapToObj(LocalCluster::nodeName).toList();
        List<String> seeds = transport.stream().map(p -> "127.0.0.1:" + p).toList();
        Path absolute = root.toAbsolutePath();
        List<NodeSettings> settings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // The bootstrap list is only for a cluster's very first start; a node that has data has joined one already.
            boolean fresh = !Files.isDirectory(absolute.resolve(names.get(i)).resolve("data").resolve("_state"));
            settings.add(new NodeSettings(CLUSTER_NAME, names.get(i), http.get(i), transport.get(i), seeds,
                fresh ? names : List.of(), heap));
        }
        LocalCluster cluster = new LocalCluster(dist, absolute, settings, timeout);
        try {
            CompletableFuture.allOf(IntStream.range(0, count)
                .mapToObj(i -> CompletableFuture.runAsync(() -> cluster.startNode(i))).toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            cluster.close();
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
        }
        return cluster;
    }

    private static List<Integer> ports(int base, int count) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(base == 0 ? freePort() : base + i);
        }
        return ports;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void startNode(int i) {
        try {
            Path dir = Files.createDirectories(root.resolve(settings.get(i).nodeName()));
            synchronized (this) {
                if (logs.get(i) != null) {
                    logs.get(i).close();
                }
                logs.set(i, new PrintStream(Files.newOutputStream(dir.resolve("elasticsearch.log"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true, StandardCharsets.UTF_8));
            }
            DevNode node = DevNode.start(dist, dir.resolve("home"), dir.resolve("data"), settings.get(i), logs.get(i), timeout);
            synchronized (this) {
                nodes.set(i, node);
                // Once the cluster has formed, a restart must not name the bootstrap nodes again.
                settings.set(i, settings.get(i).joined());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return settings.size();
    }

    public synchronized DevNode node(int i) {
        return nodes.get(i);
    }

    public String name(int i) {
        return settings.get(i).nodeName();
    }

    /** The first node's URL: where the indexer, the explorer and the demo connect. */
    public String url() {
        return "http://127.0.0.1:" + settings.get(0).httpPort();
    }

    public String url(int i) {
        return "http://127.0.0.1:" + settings.get(i).httpPort();
    }

    /** The HTTP port of each node, in order. */
    public List<Integer> httpPorts() {
        return settings.stream().map(NodeSettings::httpPort).toList();
    }

    /** SIGKILL to node {@code i}; its folders stay for {@link #restart}. */
    public void kill(int i) {
        DevNode node = node(i);
        if (node != null) {
            node.kill();
        }
    }

    /** Starts node {@code i} again on the same ports and folders; returns when the cluster is at least yellow. */
    public void restart(int i) throws IOException {
        try {
            startNode(i);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Waits until the cluster has {@code nodes} nodes and is green, asking node {@code via}; returns whether it got
     * there within {@code wait}.
     */
    public boolean awaitGreen(int via, Duration wait) throws IOException, InterruptedException {
        long seconds = Math.max(1, wait.toSeconds());
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(via)
                    + "/_cluster/health?wait_for_status=green&wait_for_nodes=" + size() + "&wait_for_no_relocating_shards=true"
                    + "&timeout=" + seconds + "s")).timeout(wait.plusSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().contains("\"timed_out\":true");
        }
    }

    /** Stops every node at once (SIGTERM, each flushes and leaves), then closes their logs. */
    @Override
    public void close() {
        CompletableFuture.allOf(IntStream.range(0, size()).mapToObj(i -> CompletableFuture.runAsync(() -> {
            DevNode node = node(i);
            if (node != null) {
                node.close();
            }
        })).toArray(CompletableFuture[]::new)).join();
        synchronized (this) {
            logs.stream().filter(java.util.Objects::nonNull).forEach(PrintStream::close);
        }
    }
}
