package org.latentarchive.plugin.agg;

import org.apache.lucene.util.VectorUtil;
import org.elasticsearch.common.breaker.CircuitBreaker;
import org.elasticsearch.common.breaker.NoopCircuitBreaker;
import org.elasticsearch.indices.breaker.CircuitBreakerService;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.search.aggregations.AggregationReduceContext;
import org.elasticsearch.search.aggregations.AggregatorReducer;
import org.elasticsearch.search.aggregations.InternalAggregation;
import org.elasticsearch.search.aggregations.InternalAggregations;
import org.elasticsearch.search.aggregations.InternalMultiBucketAggregation;
import org.elasticsearch.xcontent.XContentBuilder;
import org.latentarchive.plugin.agg.ClusterOptions.Algorithm;
import org.latentarchive.vectors.MicroClusterReduce;
import org.latentarchive.vectors.Pca;
import org.latentarchive.vectors.VectorMath;
import org.latentarchive.vectors.Ward;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of vector_clusters. Before the final reduce its buckets are the shards' micro-clusters (count, vector
 * sum, sum of squared norms, representative candidates, sub-aggregations); the final reduce clusters those into the k
 * buckets the user sees, merging the sub-aggregations of each bucket's micro-clusters. Final buckets keep the same
 * summaries, so a final result can be reduced again (cross-cluster search).
 */
public class InternalVectorClusters extends InternalMultiBucketAggregation<InternalVectorClusters, InternalVectorClusters.Bucket> {

    /** A document that may represent its cluster, with its vector and its distance to the cluster's centre. */
    public record Candidate(String id, float[] vector, double distance) implements Writeable {

        public Candidate(StreamInput in) throws IOException {
            this(in.readString(), in.readFloatArray(), in.readDouble());
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeString(id);
            out.writeFloatArray(vector);
            out.writeDouble(distance);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Candidate other
                && id.equals(other.id)
                && Arrays.equals(vector, other.vector)
                && Double.compare(distance, other.distance) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, Arrays.hashCode(vector), distance);
        }
    }

    public static final class Bucket extends InternalMultiBucketAggregation.InternalBucketWritable {
        private final int key;
        private final long docCount;
        private final double[] sum;
        private final double sumOfSquares;
        private final List<Candidate> candidates;
        private final double[] position;
        private final InternalAggregations aggregations;

        public Bucket(
            int key,
            long docCount,
            double[] sum,
            double sumOfSquares,
            List<Candidate> candidates,
            double[] position,
            InternalAggregations aggregations
        ) {
            this.key = key;
            this.docCount = docCount;
            this.sum = sum;
            this.sumOfSquares = sumOfSquares;
            this.candidates = candidates;
            this.position = position;
            this.aggregations = aggregations;
        }

        Bucket(StreamInput in) throws IOException {
            key = in.readVInt();
            docCount = in.readVLong();
            sum = in.readDoubleArray();
            sumOfSquares = in.readDouble();
            candidates = in.readCollectionAsList(Candidate::new);
            position = in.readOptional(StreamInput::readDoubleArray);
            aggregations = InternalAggregations.readFrom(in);
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeVInt(key);
            out.writeVLong(docCount);
            out.writeDoubleArray(sum);
            out.writeDouble(sumOfSquares);
            out.writeCollection(candidates);
            out.writeOptional(StreamOutput::writeDoubleArray, position);
            aggregations.writeTo(out);
        }

        @Override
        public Integer getKey() {
            return key;
        }

        @Override
        public String getKeyAsString() {
            return Integer.toString(key);
        }

        @Override
        public long getDocCount() {
            return docCount;
        }

        @Override
        public InternalAggregations getAggregations() {
            return aggregations;
        }

        /** The sum of the bucket's vectors (in double precision). */
        public double[] sum() {
            return sum;
        }

        /** The sum of the squared norms of the bucket's vectors: with the sum and count, it gives the inertia. */
        public double sumOfSquares() {
            return sumOfSquares;
        }

        public List<Candidate> candidates() {
            return candidates;
        }

        /** The 2-D position of the centroid (first two principal components of all centroids), when asked for. */
        public double[] position() {
            return position;
        }

        public float[] centroid() {
            return summary().centroid();
        }

        /** Sum of squared distances of the bucket's vectors to its centroid, from the summaries alone. */
        public double inertia() {
            return summary().inertia();
        }

        /** What the bucket holds in the heap, roughly: its sum, its candidates' vectors and ids, and object overhead. */
        long bytesHeld() {
            long bytes = 96 + 8L * sum.length;
            for (Candidate candidate : candidates) {
                bytes += 64 + 4L * candidate.vector().length + 2L * candidate.id().length();
            }
            return bytes;
        }

        MicroClusterReduce.MicroCluster summary() {
            return new MicroClusterReduce.MicroCluster(docCount, sum, sumOfSquares);
        }

        Bucket withAggregations(InternalAggregations newAggregations) {
            return new Bucket(key, docCount, sum, sumOfSquares, candidates, position, newAggregations);
        }

        void toXContent(XContentBuilder builder, Params params, ClusterOptions options) throws IOException {
            builder.startObject();
            builder.field(CommonFields.KEY.getPreferredName(), key);
            builder.field(CommonFields.DOC_COUNT.getPreferredName(), docCount);
            builder.startArray("representatives");
            for (Candidate candidate : candidates) {
                builder.startObject().field("id", candidate.id()).field("distance", candidate.distance()).endObject();
            }
            builder.endArray();
            if (options.positions() && position != null) {
                builder.array("position", position);
            }
            if (options.centroids()) {
                builder.array("centroid", centroid());
            }
            aggregations.toXContentInternal(builder, params);
            builder.endObject();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bucket other
                && key == other.key
                && docCount == other.docCount
                && Arrays.equals(sum, other.sum)
                && Double.compare(sumOfSquares, other.sumOfSquares) == 0
                && candidates.equals(other.candidates)
                && Arrays.equals(position, other.position)
                && aggregations.equals(other.aggregations);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, docCount, Arrays.hashCode(sum), sumOfSquares, candidates, Arrays.hashCode(position), aggregations);
        }
    }

    private final ClusterOptions options;
    private final List<Bucket> buckets;
    private final boolean reduced;
    private final double inertia;
    private final List<Ward.Merge> dendrogram;

    public InternalVectorClusters(
        String name,
        ClusterOptions options,
        List<Bucket> buckets,
        boolean reduced,
        double inertia,
        List<Ward.Merge> dendrogram,
        Map<String, Object> metadata
    ) {
        super(name, metadata);
        this.options = options;
        this.buckets = buckets;
        this.reduced = reduced;
        this.inertia = inertia;
        this.dendrogram = dendrogram;
    }

    public InternalVectorClusters(StreamInput in) throws IOException {
        super(in);
        options = new ClusterOptions(in);
        buckets = in.readCollectionAsList(Bucket::new);
        reduced = in.readBoolean();
        inertia = in.readDouble();
        dendrogram = in.readCollectionAsList(
            merge -> new Ward.Merge(merge.readVInt(), merge.readVInt(), merge.readDouble(), merge.readDouble())
        );
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        options.writeTo(out);
        out.writeCollection(buckets);
        out.writeBoolean(reduced);
        out.writeDouble(inertia);
        out.writeCollection(dendrogram, (o, merge) -> {
            o.writeVInt(merge.left());
            o.writeVInt(merge.right());
            o.writeDouble(merge.distance());
            o.writeDouble(merge.size());
        });
    }

    @Override
    public String getWriteableName() {
        return VectorClustersAggregationBuilder.NAME;
    }

    public ClusterOptions options() {
        return options;
    }

    /** Whether this is the final result (k clusters) rather than a collection of micro-clusters. */
    public boolean isReduced() {
        return reduced;
    }

    /** Sum of squared distances of all clustered vectors to their bucket's centroid; NaN before the final reduce. */
    public double inertia() {
        return inertia;
    }

    public List<Ward.Merge> dendrogram() {
        return dendrogram;
    }

    @Override
    public List<Bucket> getBuckets() {
        return buckets;
    }

    @Override
    public InternalVectorClusters create(List<Bucket> newBuckets) {
        return new InternalVectorClusters(name, options, newBuckets, reduced, inertia, dendrogram, metadata);
    }

    @Override
    public Bucket createBucket(InternalAggregations aggregations, Bucket prototype) {
        return prototype.withAggregations(aggregations);
    }

    @Override
    protected AggregatorReducer getLeaderReducer(AggregationReduceContext reduceContext, int size) {
        CircuitBreakerService breakers = reduceContext.bigArrays().breakerService();
        // a reduce without breakers (some tools and tests) still runs; a node always has them
        CircuitBreaker breaker = breakers != null ? breakers.getBreaker(CircuitBreaker.REQUEST) : new NoopCircuitBreaker(CircuitBreaker.REQUEST);
        return new AggregatorReducer() {
            private final List<Bucket> collected = new ArrayList<>();
            private long charged;

            @Override
            public void accept(InternalAggregation aggregation) {
                List<Bucket> buckets = ((InternalVectorClusters) aggregation).buckets;
                // every shard's micro-clusters are held here until the final reduce: the request breaker decides
                // whether this node can afford them, so that many shards are refused instead of filling the heap
                long bytes = 0;
                for (Bucket bucket : buckets) {
                    bytes += bucket.bytesHeld();
                }
                breaker.addEstimateBytesAndMaybeBreak(bytes, "<reduce_" + VectorClustersAggregationBuilder.NAME + ">");
                charged += bytes;
                collected.addAll(buckets);
            }

            @Override
            public InternalAggregation get() {
                if (reduceContext.isFinalReduce() == false) {
                    // partial reduces only gather: clustering a subset early would lose what the final reduce needs
                    return new InternalVectorClusters(name, options, List.copyOf(collected), false, Double.NaN, List.of(), metadata);
                }
                return cluster(collected, reduceContext);
            }

            @Override
            public void close() {
                breaker.addWithoutBreaking(-charged);
                charged = 0;
            }
        };
    }

    /**
     * The final reduce: {@link MicroClusterReduce} clusters the micro-clusters (weighted by document count) into at
     * most k groups; each group becomes one bucket, its sub-aggregations merged.
     */
    private InternalVectorClusters cluster(List<Bucket> collected, AggregationReduceContext reduceContext) {
        List<Bucket> nonEmpty = new ArrayList<>(collected.size());
        long total = 0;
        for (Bucket bucket : collected) {
            if (bucket.docCount > 0) {
                nonEmpty.add(bucket);
                total += bucket.docCount;
            }
        }
        if (nonEmpty.isEmpty()) {
            return new InternalVectorClusters(name, options, List.of(), true, 0, List.of(), metadata);
        }
        if (total < options.k()) {
            throw new IllegalArgumentException(
                "[" + VectorClustersAggregationBuilder.NAME + "] asks for [k] = [" + options.k() + "] clusters but only [" + total
                    + "] matched documents have a vector"
            );
        }
        List<MicroClusterReduce.MicroCluster> summaries = nonEmpty.stream()
            .map(Bucket::summary)
            .toList();
        int[] order = MicroClusterReduce.canonicalOrder(summaries);
        List<Bucket> micro = new ArrayList<>(order.length);
        List<MicroClusterReduce.MicroCluster> ordered = new ArrayList<>(order.length);
        for (int i : order) {
            micro.add(nonEmpty.get(i));
            ordered.add(summaries.get(i));
        }
        MicroClusterReduce.Grouping grouping = MicroClusterReduce.cluster(
            ordered,
            options.algorithm() == Algorithm.WARD ? MicroClusterReduce.Algorithm.WARD : MicroClusterReduce.Algorithm.KMEANS,
            options.k(),
            options.seed(),
            options.maxIterations(),
            options.dendrogram(),
            VectorUtil::squareDistance
        );
        List<List<Bucket>> members = new ArrayList<>(grouping.groups());
        for (int g = 0; g < grouping.groups(); g++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < micro.size(); i++) {
            members.get(grouping.group()[i]).add(micro.get(i));
        }
        List<Bucket> merged = new ArrayList<>(grouping.groups());
        double totalInertia = 0;
        for (int g = 0; g < grouping.groups(); g++) {
            Bucket bucket = merge(g, members.get(g), reduceContext);
            merged.add(bucket);
            totalInertia += bucket.inertia();
        }
        if (options.positions()) {
            float[][] centroids = new float[merged.size()][];
            for (int i = 0; i < centroids.length; i++) {
                centroids[i] = merged.get(i).centroid();
            }
            double[][] positions = Pca.project(centroids, 2, false);
            for (int i = 0; i < merged.size(); i++) {
                Bucket b = merged.get(i);
                merged.set(i, new Bucket(b.key, b.docCount, b.sum, b.sumOfSquares, b.candidates, positions[i], b.aggregations));
            }
        }
        reduceContext.consumeBucketsAndMaybeBreak(merged.size());
        return new InternalVectorClusters(name, options, merged, true, totalInertia, grouping.merges(), metadata);
    }

    private Bucket merge(int key, List<Bucket> parts, AggregationReduceContext reduceContext) {
        int dims = parts.get(0).sum.length;
        double[] sum = new double[dims];
        double sumOfSquares = 0;
        long docCount = 0;
        List<InternalAggregations> subAggregations = new ArrayList<>(parts.size());
        for (Bucket part : parts) {
            for (int d = 0; d < dims; d++) {
                sum[d] += part.sum[d];
            }
            sumOfSquares += part.sumOfSquares;
            docCount += part.docCount;
            subAggregations.add(part.aggregations);
        }
        float[] centroid = new float[dims];
        for (int d = 0; d < dims; d++) {
            centroid[d] = (float) (sum[d] / docCount);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Bucket part : parts) {
            for (Candidate candidate : part.candidates) {
                candidates.add(new Candidate(candidate.id(), candidate.vector(), 1 - VectorMath.cosine(candidate.vector(), centroid)));
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::distance).thenComparing(Candidate::id));
        List<Candidate> representatives = List.copyOf(candidates.subList(0, Math.min(options.representatives(), candidates.size())));
        InternalAggregations aggregations = InternalAggregations.reduce(subAggregations, reduceContext);
        return new Bucket(key, docCount, sum, sumOfSquares, representatives, null, aggregations);
    }

    @Override
    public XContentBuilder doXContentBody(XContentBuilder builder, Params params) throws IOException {
        builder.field("algorithm", options.algorithm().toString());
        if (Double.isFinite(inertia)) {
            builder.field("inertia", inertia);
        }
        builder.startArray(CommonFields.BUCKETS.getPreferredName());
        for (Bucket bucket : buckets) {
            bucket.toXContent(builder, params, options);
        }
        builder.endArray();
        if (options.algorithm() == Algorithm.WARD && options.dendrogram() && reduced) {
            builder.startArray("dendrogram");
            for (Ward.Merge merge : dendrogram) {
                builder.startObject()
                    .field("left", merge.left())
                    .field("right", merge.right())
                    .field("distance", merge.distance())
                    .field("size", (long) merge.size())
                    .endObject();
            }
            builder.endArray();
        }
        return builder;
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) return true;
        if (obj == null || getClass() != obj.getClass()) return false;
        if (super.equals(obj) == false) return false;
        InternalVectorClusters other = (InternalVectorClusters) obj;
        return options.equals(other.options)
            && buckets.equals(other.buckets)
            && reduced == other.reduced
            && Double.compare(inertia, other.inertia) == 0
            && dendrogram.equals(other.dendrogram);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), options, buckets, reduced, inertia, dendrogram);
    }
}
