package org.latentarchive.devnode;

import java.util.ArrayList;
import java.util.List;

/**
 * Who a development node is and how it finds the others: the Elasticsearch settings {@code cluster.name},
 * {@code node.name}, {@code http.port}, {@code transport.port}, {@code discovery.seed_hosts} and
 * {@code cluster.initial_master_nodes}, plus its heap. With no seed hosts the node is a cluster of its own
 * ({@code discovery.type: single-node}); with seed hosts it joins the nodes listening there.
 *
 * @param httpPort           0 picks a free port
 * @param transportPort      0 picks a free port (only for a single node: the others must know where to find it)
 * @param seedHosts          {@code host:port} transport addresses of the cluster's master-eligible nodes
 * @param initialMasterNodes the node names that bootstrap a new cluster; empty once the cluster has formed (the
 *                           setting is for its very first start only, as Elasticsearch's docs ask)
 * @param heap               the JVM's heap ({@code -Xms} and {@code -Xmx}), e.g. {@code 768m}
 */
public record NodeSettings(
    String clusterName,
    String nodeName,
    int httpPort,
    int transportPort,
    List<String> seedHosts,
    List<String> initialMasterNodes,
    String heap) {

    /** The development node's own names, as the demo and the tests have always run it. */
    public static final String SINGLE_NAME = "latent-archive-dev";

    public NodeSettings {
        seedHosts = List.copyOf(seedHosts);
        initialMasterNodes = List.copyOf(initialMasterNodes);
        if (!heap.matches("[0-9]+[mg]")) {
            throw new IllegalArgumentException("a heap is a number of megabytes or gigabytes such as 768m, not " + heap);
        }
    }

    /** A node alone, with the heap the {@code devnode.heap} system property names (1g by default). */
    public static NodeSettings single(int httpPort) {
        return new NodeSettings(SINGLE_NAME, SINGLE_NAME, httpPort, 0, List.of(), List.of(),
            System.getProperty("devnode.heap", "1g"));
    }

    public boolean singleNode() {
        return seedHosts.isEmpty();
    }

    /** The same node without the bootstrap list: what it is started with once the cluster has formed. */
    public NodeSettings joined() {
        return new NodeSettings(clusterName, nodeName, httpPort, transportPort, seedHosts, List.of(), heap);
    }

    /** These settings as {@link DevNodeMain}'s command-line options. */
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("--cluster-name", clusterName, "--node-name", nodeName,
            "--port", Integer.toString(httpPort), "--transport-port", Integer.toString(transportPort)));
        if (!seedHosts.isEmpty()) {
            args.addAll(List.of("--seed-hosts", String.join(",", seedHosts)));
        }
        if (!initialMasterNodes.isEmpty()) {
            args.addAll(List.of("--initial-master-nodes", String.join(",", initialMasterNodes)));
        }
        return args;
    }
}
