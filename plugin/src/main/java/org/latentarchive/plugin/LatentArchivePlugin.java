package org.latentarchive.plugin;

import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SearchPlugin;
import org.latentarchive.plugin.agg.InternalVectorClusters;
import org.latentarchive.plugin.agg.VectorClustersAggregationBuilder;

import java.util.List;

/** Registers the query, retriever and aggregation that make visual similarity part of the query DSL. */
public class LatentArchivePlugin extends Plugin implements SearchPlugin {

    @Override
    public List<AggregationSpec> getAggregations() {
        return List.of(
            new AggregationSpec(
                VectorClustersAggregationBuilder.NAME,
                VectorClustersAggregationBuilder::new,
                VectorClustersAggregationBuilder::parse
            ).addResultReader(InternalVectorClusters::new)
        );
    }
}
