package org.latentarchive.plugin;

import org.apache.lucene.util.SetOnce;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SearchPlugin;
import org.elasticsearch.rest.RestHandler;
import org.latentarchive.plugin.agg.InternalVectorClusters;
import org.latentarchive.plugin.agg.VectorClustersAggregationBuilder;
import org.latentarchive.plugin.query.VectorNeighboursQueryBuilder;
import org.latentarchive.plugin.walk.InternalWalkCandidates;
import org.latentarchive.plugin.walk.LatentWalkAction;
import org.latentarchive.plugin.walk.RestLatentWalkAction;
import org.latentarchive.plugin.walk.SearchWorkers;
import org.latentarchive.plugin.walk.TransportLatentWalkAction;
import org.latentarchive.plugin.walk.WalkCandidatesAggregationBuilder;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Registers what makes visual similarity part of Elasticsearch's query DSL: the {@code vector_neighbours} query, the
 * {@code _latent_walk} endpoint and the {@code vector_clusters} aggregation.
 */
public class LatentArchivePlugin extends Plugin implements SearchPlugin, ActionPlugin {

    /** The threads a walk's one round shares its per-point searches with, once the node has made its thread pool. */
    private final SetOnce<SearchWorkers> searchWorkers = new SetOnce<>();

    /** The node's search workers, which {@link TransportLatentWalkAction} is given as a component. */
    @Override
    public Collection<?> createComponents(PluginServices services) {
        searchWorkers.set(SearchWorkers.of(services.threadPool(), services.environment().settings()));
        return List.of(searchWorkers.get());
    }

    @Override
    public List<QuerySpec<?>> getQueries() {
        return List.of(new QuerySpec<>(VectorNeighboursQueryBuilder.NAME, VectorNeighboursQueryBuilder::new,
            VectorNeighboursQueryBuilder::fromXContent));
    }

    @Override
    public List<AggregationSpec> getAggregations() {
        return List.of(
            new AggregationSpec(
                VectorClustersAggregationBuilder.NAME,
                VectorClustersAggregationBuilder::new,
                VectorClustersAggregationBuilder::parse
            ).addResultReader(InternalVectorClusters::new),
            new AggregationSpec(
                WalkCandidatesAggregationBuilder.NAME,
                in -> new WalkCandidatesAggregationBuilder(in, searchWorkers.get()),
                WalkCandidatesAggregationBuilder::parse
            ).addResultReader(InternalWalkCandidates::new)
        );
    }

    @Override
    public Collection<ActionHandler> getActions() {
        return List.of(new ActionHandler(LatentWalkAction.INSTANCE, TransportLatentWalkAction.class));
    }

    @Override
    public Collection<RestHandler> getRestHandlers(RestHandlersServices services, Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RestLatentWalkAction());
    }

}
