package org.latentarchive.plugin.walk;

import org.elasticsearch.search.aggregations.Aggregator;
import org.elasticsearch.search.aggregations.AggregatorFactories;
import org.elasticsearch.search.aggregations.AggregatorFactory;
import org.elasticsearch.search.aggregations.CardinalityUpperBound;
import org.elasticsearch.search.aggregations.support.AggregationContext;

import java.io.IOException;
import java.util.Map;

/** A walk's one round on one shard: nothing to resolve against the mapping here, the stop queries do that per point. */
final class WalkCandidatesAggregatorFactory extends AggregatorFactory {

    private final WalkCandidatesAggregationBuilder spec;

    WalkCandidatesAggregatorFactory(String name, WalkCandidatesAggregationBuilder spec, AggregationContext context,
        AggregatorFactories.Builder subFactoriesBuilder, Map<String, Object> metadata) throws IOException {
        super(name, context, null, subFactoriesBuilder, metadata);
        this.spec = spec;
    }

    @Override
    protected Aggregator createInternal(Aggregator parent, CardinalityUpperBound cardinality, Map<String, Object> metadata)
        throws IOException {
        return new WalkCandidatesAggregator(name, spec, context, parent, metadata);
    }
}
