package org.latentarchive.plugin.agg;

import org.elasticsearch.index.mapper.vectors.DenseVectorFieldMapper.DenseVectorFieldType;
import org.elasticsearch.search.aggregations.Aggregator;
import org.elasticsearch.search.aggregations.AggregatorFactories;
import org.elasticsearch.search.aggregations.AggregatorFactory;
import org.elasticsearch.search.aggregations.CardinalityUpperBound;
import org.elasticsearch.search.aggregations.support.AggregationContext;

import java.io.IOException;
import java.util.Map;

/** The request resolved against the mapping: a dense_vector field whose element type and similarity are known. */
class VectorClustersAggregatorFactory extends AggregatorFactory {

    private final DenseVectorFieldType fieldType;
    private final ClusterOptions options;

    VectorClustersAggregatorFactory(
        String name,
        DenseVectorFieldType fieldType,
        ClusterOptions options,
        AggregationContext context,
        AggregatorFactory parent,
        AggregatorFactories.Builder subFactoriesBuilder,
        Map<String, Object> metadata
    ) throws IOException {
        super(name, context, parent, subFactoriesBuilder, metadata);
        this.fieldType = fieldType;
        this.options = options;
    }

    @Override
    protected Aggregator createInternal(Aggregator parent, CardinalityUpperBound cardinality, Map<String, Object> metadata)
        throws IOException {
        if (cardinality.map(n -> n) > 1) {
            // the per-shard summary is one stream of vectors; under a multi-bucket parent it would need one per parent bucket
            throw new IllegalArgumentException(
                "[" + VectorClustersAggregationBuilder.NAME + "] aggregation [" + name + "] must be top-level or under a single-bucket aggregation"
            );
        }
        return new VectorClustersAggregator(name, factories, fieldType, options, context, parent, metadata);
    }
}
