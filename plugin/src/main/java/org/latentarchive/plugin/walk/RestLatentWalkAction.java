package org.latentarchive.plugin.walk;

import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.common.Strings;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.action.RestToXContentListener;
import org.elasticsearch.xcontent.XContentParser;

import java.io.IOException;
import java.util.List;

import static org.elasticsearch.rest.RestRequest.Method.GET;
import static org.elasticsearch.rest.RestRequest.Method.POST;

/** {@code POST /{index}/_latent_walk}: the JSON body is a {@link LatentWalkRequest}. */
public final class RestLatentWalkAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "latent_walk_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(POST, "/{index}/_latent_walk"), new Route(GET, "/{index}/_latent_walk"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String[] indices = Strings.splitStringByCommaToArray(request.param("index"));
        if (request.hasContentOrSourceParam() == false) {
            throw new IllegalArgumentException("a latent walk needs a JSON body: {\"field\": ..., \"from\": ..., \"to\": ..., \"steps\": ...}");
        }
        LatentWalkRequest walk;
        try (XContentParser parser = request.contentOrSourceParamParser()) {
            walk = LatentWalkRequest.fromXContent(parser, indices);
        }
        return channel -> client.execute(LatentWalkAction.INSTANCE, walk, new RestToXContentListener<>(channel));
    }
}
