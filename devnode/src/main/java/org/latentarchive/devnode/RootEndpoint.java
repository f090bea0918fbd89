package org.latentarchive.devnode;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.metadata.Metadata;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

import static org.elasticsearch.rest.RestRequest.Method.GET;
import static org.elasticsearch.rest.RestRequest.Method.HEAD;

/**
 * {@code GET /} and {@code HEAD /}: who this node is, its cluster and its build, in the shape Elasticsearch's rest-root
 * module answers it. That module is not on Maven Central, and clients ask this first: the official JavaScript
 * client's {@code info()}, {@code curl localhost:9200}, health checks that send {@code HEAD /}.
 *
 * <p>Every value is the running node's own: its build ({@link Build#current()}, read from the server jar's manifest,
 * with the minimum wire and index compatibility versions), the Lucene version of its current index version, and
 * the cluster name and UUID of the cluster state it holds now. A HEAD request gets the same status and headers
 * without the body (Elasticsearch's HTTP layer drops it), and every response carries {@code X-elastic-product}.
 */
final class RootEndpoint extends BaseRestHandler {

    static final String TAGLINE = "You Know, for Search";

    private final ClusterService clusterService;

    RootEndpoint(ClusterService clusterService) {
        this.clusterService = clusterService;
    }

    @Override
    public String getName() {
        // the name Elasticsearch's own handler has, so that _nodes/usage counts it the same way
        return "main_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/"), new Route(HEAD, "/"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        return channel -> {
            XContentBuilder builder = channel.newBuilder();
            if (request.hasParam("pretty") == false) {
                // pretty unless asked otherwise (?pretty=false), as Elasticsearch answers a person with curl
                builder.prettyPrint().lfAtEnd();
            }
            write(builder, clusterService.getNodeName(), clusterService.state(), Build.current());
            channel.sendResponse(new RestResponse(RestStatus.OK, builder));
        };
    }

    static void write(XContentBuilder builder, String nodeName, ClusterState state, Build build) throws IOException {
        Metadata metadata = state.metadata();
        builder.startObject();
        builder.field("name", nodeName);
        builder.field("cluster_name", state.getClusterName().value());
        // a UUID the cluster has not committed yet could still change: Elasticsearch says "_na_" until then
        builder.field("cluster_uuid", metadata.clusterUUIDCommitted() ? metadata.clusterUUID() : Metadata.UNKNOWN_CLUSTER_UUID);
        builder.startObject("version")
            .field("number", build.qualifiedVersion())
            .field("build_flavor", build.flavor())
            .field("build_type", build.type().displayName())
            .field("build_hash", build.hash())
            .field("build_date", build.date())
            .field("build_snapshot", build.isSnapshot())
            .field("lucene_version", IndexVersion.current().luceneVersion().toString())
            .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
            .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
            .endObject();
        builder.field("tagline", TAGLINE);
        builder.endObject();
    }

    @Override
    public boolean canTripCircuitBreaker() {
        // a client must be able to ask who the node is even when its memory is short
        return false;
    }
}
