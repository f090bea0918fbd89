package org.latentarchive.plugin.agg;

import org.elasticsearch.TransportVersion;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.vectors.DenseVectorFieldMapper;
import org.elasticsearch.search.aggregations.AbstractAggregationBuilder;
import org.elasticsearch.search.aggregations.AggregationBuilder;
import org.elasticsearch.search.aggregations.AggregatorFactories;
import org.elasticsearch.search.aggregations.AggregatorFactory;
import org.elasticsearch.search.aggregations.support.AggregationContext;
import org.elasticsearch.xcontent.ObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.latentarchive.plugin.agg.ClusterOptions.Algorithm;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * {@code {"vector_clusters": {"field": "vectors.mobilenet_v2", "k": 8, "algorithm": "kmeans", ...}}}: clusters the
 * dense vectors of the matched documents into k buckets. Holds what the user asked; the factory checks it against
 * the mapping.
 */
public class VectorClustersAggregationBuilder extends AbstractAggregationBuilder<VectorClustersAggregationBuilder> {

    public static final String NAME = "vector_clusters";

    static final ParseField FIELD = new ParseField("field");
    static final ParseField K = new ParseField("k");
    static final ParseField ALGORITHM = new ParseField("algorithm");
    static final ParseField SEED = new ParseField("seed");
    static final ParseField MAX_ITERATIONS = new ParseField("max_iterations");
    static final ParseField REPRESENTATIVES = new ParseField("representatives");
    static final ParseField CENTROIDS = new ParseField("centroids");
    static final ParseField POSITIONS = new ParseField("positions");
    static final ParseField DENDROGRAM = new ParseField("dendrogram");
    static final ParseField MICRO_CLUSTERS = new ParseField("micro_clusters");

    private static final ObjectParser<VectorClustersAggregationBuilder, String> PARSER = ObjectParser.fromBuilder(
        NAME,
        VectorClustersAggregationBuilder::new
    );
    static {
        PARSER.declareString(VectorClustersAggregationBuilder::field, FIELD);
        PARSER.declareInt(VectorClustersAggregationBuilder::k, K);
        PARSER.declareString((b, s) -> b.algorithm(Algorithm.fromString(s)), ALGORITHM);
        PARSER.declareLong(VectorClustersAggregationBuilder::seed, SEED);
        PARSER.declareInt(VectorClustersAggregationBuilder::maxIterations, MAX_ITERATIONS);
        PARSER.declareInt(VectorClustersAggregationBuilder::representatives, REPRESENTATIVES);
        PARSER.declareBoolean(VectorClustersAggregationBuilder::centroids, CENTROIDS);
        PARSER.declareBoolean(VectorClustersAggregationBuilder::positions, POSITIONS);
        PARSER.declareBoolean(VectorClustersAggregationBuilder::dendrogram, DENDROGRAM);
        PARSER.declareInt(VectorClustersAggregationBuilder::microClusters, MICRO_CLUSTERS);
    }

    public static VectorClustersAggregationBuilder parse(XContentParser parser, String name) throws IOException {
        VectorClustersAggregationBuilder builder = PARSER.parse(parser, name);
        if (builder.field == null) {
            throw new IllegalArgumentException("[" + NAME + "] aggregation [" + name + "] requires a [field]");
        }
        builder.options.validateTogether();
        if (builder.options.dendrogram() && builder.options.algorithm() != ClusterOptions.Algorithm.WARD) {
            throw new IllegalArgumentException(
                "[" + NAME + "] [dendrogram] needs [algorithm] [ward]: k-means builds no merge tree to draw"
            );
        }
        return builder;
    }

    private String field;
    private ClusterOptions options = ClusterOptions.DEFAULTS;

    public VectorClustersAggregationBuilder(String name) {
        super(name);
    }

    protected VectorClustersAggregationBuilder(
        VectorClustersAggregationBuilder clone,
        AggregatorFactories.Builder factoriesBuilder,
        Map<String, Object> metadata
    ) {
        super(clone, factoriesBuilder, metadata);
        this.field = clone.field;
        this.options = clone.options;
    }

    public VectorClustersAggregationBuilder(StreamInput in) throws IOException {
        super(in);
        field = in.readString();
        options = new ClusterOptions(in);
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeString(field);
        options.writeTo(out);
    }

    public VectorClustersAggregationBuilder field(String field) {
        this.field = Objects.requireNonNull(field, "[field] must not be null");
        return this;
    }

    public String field() {
        return field;
    }

    public ClusterOptions options() {
        return options;
    }

    public VectorClustersAggregationBuilder options(ClusterOptions options) {
        this.options = Objects.requireNonNull(options);
        return this;
    }

    public VectorClustersAggregationBuilder k(int k) {
        options = options.withK(k);
        return this;
    }

    public VectorClustersAggregationBuilder algorithm(Algorithm algorithm) {
        options = options.withAlgorithm(algorithm);
        return this;
    }

    public VectorClustersAggregationBuilder seed(long seed) {
        options = options.withSeed(seed);
        return this;
    }

    /** How many micro-clusters each shard keeps: 0 chooses them from k; more fit overlapping groups better. */
    public VectorClustersAggregationBuilder microClusters(int microClusters) {
        options = options.withMicroClusters(microClusters);
        return this;
    }

    public VectorClustersAggregationBuilder maxIterations(int maxIterations) {
        options = options.withMaxIterations(maxIterations);
        return this;
    }

    public VectorClustersAggregationBuilder representatives(int representatives) {
        options = options.withRepresentatives(representatives);
        return this;
    }

    public VectorClustersAggregationBuilder centroids(boolean centroids) {
        options = options.withCentroids(centroids);
        return this;
    }

    public VectorClustersAggregationBuilder positions(boolean positions) {
        options = options.withPositions(positions);
        return this;
    }

    public VectorClustersAggregationBuilder dendrogram(boolean dendrogram) {
        options = options.withDendrogram(dendrogram);
        return this;
    }

    @Override
    protected AggregationBuilder shallowCopy(AggregatorFactories.Builder factoriesBuilder, Map<String, Object> metadata) {
        return new VectorClustersAggregationBuilder(this, factoriesBuilder, metadata);
    }

    @Override
    public BucketCardinality bucketCardinality() {
        return BucketCardinality.MANY;
    }

    @Override
    protected AggregatorFactory doBuild(
        AggregationContext context,
        AggregatorFactory parent,
        AggregatorFactories.Builder subFactoriesBuilder
    ) throws IOException {
        options.validateTogether(); // a builder made in Java, not parsed
        MappedFieldType fieldType = context.getFieldType(field);
        if (fieldType == null) {
            throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] does not exist in the mapping");
        }
        if (fieldType instanceof DenseVectorFieldMapper.DenseVectorFieldType == false) {
            throw new IllegalArgumentException(
                "[" + NAME + "] field [" + field + "] is of type [" + fieldType.typeName() + "] but must be of type [dense_vector]"
            );
        }
        DenseVectorFieldMapper.DenseVectorFieldType vectorType = (DenseVectorFieldMapper.DenseVectorFieldType) fieldType;
        if (vectorType.getElementType() == DenseVectorFieldMapper.ElementType.BIT) {
            throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] holds bit vectors, which cannot be averaged");
        }
        if (vectorType.isSearchable() == false) {
            throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] must be indexed (\"index\": true)");
        }
        return new VectorClustersAggregatorFactory(name, vectorType, options, context, parent, subFactoriesBuilder, metadata);
    }

    @Override
    protected XContentBuilder internalXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field(FIELD.getPreferredName(), field);
        builder.field(K.getPreferredName(), options.k());
        builder.field(ALGORITHM.getPreferredName(), options.algorithm().toString());
        builder.field(SEED.getPreferredName(), options.seed());
        builder.field(MAX_ITERATIONS.getPreferredName(), options.maxIterations());
        builder.field(REPRESENTATIVES.getPreferredName(), options.representatives());
        builder.field(CENTROIDS.getPreferredName(), options.centroids());
        builder.field(POSITIONS.getPreferredName(), options.positions());
        builder.field(DENDROGRAM.getPreferredName(), options.dendrogram());
        if (options.microClusters() != 0) {
            builder.field(MICRO_CLUSTERS.getPreferredName(), options.microClusters());
        }
        return builder.endObject();
    }

    @Override
    public String getType() {
        return NAME;
    }

    @Override
    public TransportVersion getMinimalSupportedVersion() {
        return TransportVersion.zero();
    }

    @Override
    public boolean supportsParallelCollection(ToLongFunction<String> fieldCardinalityResolver) {
        // one summary per shard: its ordinals are rewritten in place, which concurrent slices would race on
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), field, options);
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) return true;
        if (obj == null || getClass() != obj.getClass()) return false;
        if (super.equals(obj) == false) return false;
        VectorClustersAggregationBuilder other = (VectorClustersAggregationBuilder) obj;
        return Objects.equals(field, other.field) && Objects.equals(options, other.options);
    }
}
