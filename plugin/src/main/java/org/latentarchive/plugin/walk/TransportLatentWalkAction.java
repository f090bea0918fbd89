package org.latentarchive.plugin.walk;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.HandledTransportAction;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.transport.TransportService;

/**
 * Runs a {@link Walk} on the node that received the request. A walk's picks depend on each other and are decided over
 * every shard of the index at once, so it belongs on the coordinating node rather than in a per-shard query; its
 * searches (the ends, one round of every point's candidates, the path's sources) go through the search framework.
 */
public final class TransportLatentWalkAction extends HandledTransportAction<LatentWalkRequest, LatentWalkResponse> {

    private final Client client;
    private final SearchWorkers searchWorkers;

    @Inject
    public TransportLatentWalkAction(TransportService transportService, ActionFilters actionFilters, Client client,
        SearchWorkers searchWorkers) {
        super(LatentWalkAction.NAME, transportService, actionFilters, LatentWalkRequest::new, EsExecutors.DIRECT_EXECUTOR_SERVICE);
        this.client = client;
        this.searchWorkers = searchWorkers;
    }

    @Override
    protected void doExecute(Task task, LatentWalkRequest request, ActionListener<LatentWalkResponse> listener) {
        new Walk(client, searchWorkers, request, listener).start();
    }
}
