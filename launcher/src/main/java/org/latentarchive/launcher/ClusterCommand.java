package org.latentarchive.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./latent-archive cluster}: a local Elasticsearch cluster of several development nodes on 127.0.0.1, each
 * in a JVM of its own with the plugin zip installed, running until Ctrl-C. The indexer, the explorer and the demo
 * ({@code demo --es-url}) use it by URL like any cluster.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, version = "Latent Archive local cluster 0.1",
    description = "Starts a local Elasticsearch 9.5.3 cluster (the compose file's node settings, without security).")
public final class ClusterCommand implements Callable<Integer> {

    /** The line a script waits for; the first node's URL follows it. */
    public static final String READY = "Latent Archive cluster: ";

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "how many nodes (default ${DEFAULT-VALUE}, at most 9)")
    int nodes;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = DemoOptions.HOME + "/data/cluster",
        description = "where the nodes keep their data between runs, one folder each (default: the project's data/cluster)")
    Path data;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "" + LocalCluster.HTTP_PORT,
        description = "the first node's HTTP port; the others follow (default ${DEFAULT-VALUE}; 0 = free ports)")
    int httpPort;

    @Option(names = "--transport-port", paramLabel = "N", defaultValue = "" + LocalCluster.TRANSPORT_PORT,
        description = "the first node's transport port; the others follow (default ${DEFAULT-VALUE}; 0 = free ports)")
    int transportPort;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = LocalCluster.DEFAULT_HEAP, description = "each node's heap (default ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--dist", paramLabel = "DIR", defaultValue = DemoOptions.HOME + "/devnode/target/devnode", hidden = true,
        description = "the development node's build")
    Path dist;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("--nodes must be a number from 1 to 9, not " + nodes);
        }
        for (int[] port : new int[][] {{httpPort}, {transportPort}}) {
            if (port[0] < 0 || port[0] + nodes > 65536) {
                throw new IllegalArgumentException("a port must be from 0 to " + (65536 - nodes) + ", not " + port[0]);
            }
        }
        if (!heap.matches("[0-9]+[mg]")) {
            throw new IllegalArgumentException("--heap is a size such as 768m or 1g, not " + heap);
        }
        PrintStream out = System.out;
        Path root = data.toAbsolutePath();
        out.println("cluster: starting " + nodes + " Elasticsearch 9.5.3 nodes with the Latent Archive plugin (data and logs in "
            + root + ")");
        LocalCluster cluster = LocalCluster.start(dist, root, nodes, httpPort, transportPort, heap, Duration.ofMinutes(3));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("cluster: stopping");
            cluster.close();
            stopped.countDown();
        }, "cluster-stop"));
        for (int i = 0; i < cluster.size(); i++) {
            out.println("cluster: " + cluster.name(i) + " on " + cluster.url(i) + " (pid " + cluster.node(i).pid() + ")");
        }
        out.println(READY + cluster.url() + "   (Ctrl-C stops every node)");
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        LauncherCommands.run("cluster", new ClusterCommand(), args);
    }
}
