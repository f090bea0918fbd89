package org.latentarchive.plugin.walk;

import org.elasticsearch.TransportVersion;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryRewriteContext;
import org.elasticsearch.search.aggregations.AbstractAggregationBuilder;
import org.elasticsearch.search.aggregations.AggregationBuilder;
import org.elasticsearch.search.aggregations.AggregatorFactories;
import org.elasticsearch.search.aggregations.AggregatorFactory;
import org.elasticsearch.search.aggregations.support.AggregationContext;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The one round of a walk: asks every shard, in one search, for its nearest artworks to each of the walk's N
 * interpolation points ({@code sizes[i]} of them for point i), each point ranked by exactly the query a sequential
 * walk's stop would run (see {@link Walk#stopQuery}). The coordinating node's reduce keeps the global top
 * {@code sizes[i]} per point, in the order a search would merge them, which is all a walk needs to make its greedy
 * picks.
 *
 * <p>It is the {@code _latent_walk} endpoint's vehicle through the search framework (which brings shard routing,
 * replicas, retries, security and cancellation), not an aggregation to request: it cannot be parsed from a search
 * body, and it ignores the search's query (its own {@code filter} says which artworks are eligible).
 */
public final class WalkCandidatesAggregationBuilder extends AbstractAggregationBuilder<WalkCandidatesAggregationBuilder> {

    public static final String NAME = "latent_walk_candidates";

    private final String field;
    private final float[][] points;
    private final int[] sizes;
    private final boolean exact;
    private final int numCandidates;
    private final QueryBuilder filter;
    /**
     * The threads this node lends the shard's per-point searches, or null to run them on the search's own thread. Not
     * part of the request: each node that reads or builds the aggregation brings its own.
     */
    private final SearchWorkers workers;

    public WalkCandidatesAggregationBuilder(String name, String field, float[][] points, int[] sizes, boolean exact, int numCandidates,
        QueryBuilder filter, SearchWorkers workers) {
        super(name);
        if (points.length != sizes.length) {
            throw new IllegalArgumentException("[" + NAME + "] needs one size per point: " + points.length + " points, " + sizes.length
                + " sizes");
        }
        this.field = Objects.requireNonNull(field);
        this.points = points;
        this.sizes = sizes;
        this.exact = exact;
        this.numCandidates = numCandidates;
        this.filter = filter;
        this.workers = workers;
    }

    private WalkCandidatesAggregationBuilder(WalkCandidatesAggregationBuilder clone, AggregatorFactories.Builder factoriesBuilder,
        Map<String, Object> metadata) {
        super(clone, factoriesBuilder, metadata);
        this.field = clone.field;
        this.points = clone.points;
        this.sizes = clone.sizes;
        this.exact = clone.exact;
        this.numCandidates = clone.numCandidates;
        this.filter = clone.filter;
        this.workers = clone.workers;
    }

    public WalkCandidatesAggregationBuilder(StreamInput in, SearchWorkers workers) throws IOException {
        super(in);
        field = in.readString();
        points = in.readArray(StreamInput::readFloatArray, float[][]::new);
        sizes = in.readVIntArray();
        exact = in.readBoolean();
        numCandidates = in.readVInt();
        filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        this.workers = workers;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeString(field);
        out.writeArray(StreamOutput::writeFloatArray, points);
        out.writeVIntArray(sizes);
        out.writeBoolean(exact);
        out.writeVInt(numCandidates);
        out.writeOptionalNamedWriteable(filter);
    }

    /** Registered so that the name is known, but a search body cannot ask for it: only {@code _latent_walk} builds it. */
    public static WalkCandidatesAggregationBuilder parse(XContentParser parser, String name) {
        throw new IllegalArgumentException("[" + NAME + "] is the one round of POST /{index}/_latent_walk, not an aggregation to "
            + "request: use the _latent_walk endpoint");
    }

    @Override
    protected AggregationBuilder doRewrite(QueryRewriteContext context) throws IOException {
        // on the coordinating node: a filter that looks something up (terms lookup, ...) does so here, once
        if (filter != null) {
            QueryBuilder rewritten = filter.rewrite(context);
            if (rewritten != filter) {
                return new WalkCandidatesAggregationBuilder(name, field, points, sizes, exact, numCandidates, rewritten, workers)
                    .setMetadata(metadata);
            }
        }
        return this;
    }

    @Override
    protected AggregationBuilder shallowCopy(AggregatorFactories.Builder factoriesBuilder, Map<String, Object> metadata) {
        return new WalkCandidatesAggregationBuilder(this, factoriesBuilder, metadata);
    }

    @Override
    public BucketCardinality bucketCardinality() {
        return BucketCardinality.NONE;
    }

    @Override
    protected AggregatorFactory doBuild(AggregationContext context, AggregatorFactory parent, AggregatorFactories.Builder subFactoriesBuilder)
        throws IOException {
        if (parent != null || subFactoriesBuilder.count() > 0) {
            throw new IllegalArgumentException("[" + NAME + "] must be a top-level aggregation without sub-aggregations");
        }
        return new WalkCandidatesAggregatorFactory(name, this, context, subFactoriesBuilder, metadata);
    }

    @Override
    protected XContentBuilder internalXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("field", field);
        builder.startArray("points");
        for (float[] point : points) {
            builder.value(point);
        }
        builder.endArray();
        builder.array("sizes", sizes);
        builder.field("exact", exact);
        builder.field("num_candidates", numCandidates);
        if (filter != null) {
            builder.field("filter", filter);
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
        return false; // it collects nothing: all its work is one pass per shard when the aggregation is built
    }

    String field() {
        return field;
    }

    float[][] points() {
        return points;
    }

    int[] sizes() {
        return sizes;
    }

    boolean exact() {
        return exact;
    }

    int numCandidates() {
        return numCandidates;
    }

    QueryBuilder filter() {
        return filter;
    }

    SearchWorkers workers() {
        return workers;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), field, Arrays.deepHashCode(points), Arrays.hashCode(sizes), exact, numCandidates, filter);
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) return true;
        if (obj == null || getClass() != obj.getClass()) return false;
        if (super.equals(obj) == false) return false;
        WalkCandidatesAggregationBuilder other = (WalkCandidatesAggregationBuilder) obj;
        return field.equals(other.field) && Arrays.deepEquals(points, other.points) && Arrays.equals(sizes, other.sizes)
            && exact == other.exact && numCandidates == other.numCandidates && Objects.equals(filter, other.filter);
    }
}
