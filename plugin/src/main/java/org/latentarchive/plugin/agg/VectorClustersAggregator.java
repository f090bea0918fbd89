package org.latentarchive.plugin.agg;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;
import org.elasticsearch.common.util.LongArray;
import org.elasticsearch.index.fieldvisitor.FieldsVisitor;
import org.elasticsearch.index.mapper.IdFieldMapper;
import org.elasticsearch.index.mapper.Uid;
import org.elasticsearch.index.mapper.vectors.DenseVectorFieldMapper;
import org.elasticsearch.index.mapper.vectors.DenseVectorFieldMapper.DenseVectorFieldType;
import org.elasticsearch.search.aggregations.AggregationExecutionContext;
import org.elasticsearch.search.aggregations.Aggregator;
import org.elasticsearch.search.aggregations.AggregatorFactories;
import org.elasticsearch.search.aggregations.InternalAggregation;
import org.elasticsearch.search.aggregations.InternalAggregations;
import org.elasticsearch.search.aggregations.LeafBucketCollector;
import org.elasticsearch.search.aggregations.LeafBucketCollectorBase;
import org.elasticsearch.search.aggregations.bucket.BestBucketsDeferringCollector;
import org.elasticsearch.search.aggregations.bucket.DeferableBucketAggregator;
import org.elasticsearch.search.aggregations.support.AggregationContext;
import org.latentarchive.vectors.MicroClusters;
import org.latentarchive.vectors.VectorMath;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Per shard: streams the matched documents' vectors into a bounded {@link MicroClusters} summary, one bucket ordinal
 * per micro-cluster. Sub-aggregations are deferred, because micro-clusters are merged while collecting: their
 * recorded ordinals are rewritten on every merge and replayed once the micro-clusters are final.
 */
class VectorClustersAggregator extends DeferableBucketAggregator {

    private final String field;
    private final DenseVectorFieldMapper.ElementType elementType;
    private final boolean normalise;
    private final ClusterOptions options;
    private MicroClusters summary;

    VectorClustersAggregator(
        String name,
        AggregatorFactories factories,
        DenseVectorFieldType fieldType,
        ClusterOptions options,
        AggregationContext context,
        Aggregator parent,
        Map<String, Object> metadata
    ) throws IOException {
        super(name, factories, context, parent, metadata);
        this.field = fieldType.name();
        this.elementType = fieldType.getElementType();
        // cosine compares directions: cluster unit vectors (recent indices already store float vectors so, never bytes)
        this.normalise = fieldType.getSimilarity() == DenseVectorFieldMapper.VectorSimilarity.COSINE
            && (elementType == DenseVectorFieldMapper.ElementType.BYTE || fieldType.isNormalized() == false);
        this.options = options;
    }

    /** The summary is made when the first segment with vectors shows their dimensions (a mapping may not know them yet). */
    private MicroClusters summary(int dims) {
        if (summary == null) {
            int capacity = options.microClusterCapacity();
            int bufferLimit = options.bufferLimit();
            addRequestCircuitBreakerBytes(MicroClusters.bytesNeeded(dims, capacity, bufferLimit, options.representatives()));
            summary = new MicroClusters(
                dims,
                capacity,
                bufferLimit,
                options.representatives(),
                options.seed(),
                VectorUtil::squareDistance,
                this::relabel
            );
        }
        return summary;
    }

    @Override
    protected boolean shouldDefer(Aggregator aggregator) {
        return true;
    }

    /** Moves doc counts and the recorded sub-aggregation ordinals along when micro-clusters are renumbered. */
    private void relabel(int newCount, int[] oldToNew) {
        rewriteBuckets(newCount, ord -> oldToNew[(int) ord]);
        if (deferringCollector() instanceof BestBucketsDeferringCollector deferring) {
            deferring.rewriteBuckets(ord -> oldToNew[(int) ord]);
        }
    }

    @Override
    protected LeafBucketCollector getLeafCollector(AggregationExecutionContext aggCtx, LeafBucketCollector sub) throws IOException {
        LeafReader reader = aggCtx.getLeafReaderContext().reader();
        int docBase = aggCtx.getLeafReaderContext().docBase;
        if (elementType == DenseVectorFieldMapper.ElementType.BYTE) {
            ByteVectorValues values = reader.getByteVectorValues(field);
            if (values == null) {
                return LeafBucketCollector.NO_OP_COLLECTOR;
            }
            summary(values.dimension());
            KnnVectorValues.DocIndexIterator iterator = values.iterator();
            float[] scratch = new float[values.dimension()];
            return collector(sub, iterator, docBase, index -> {
                byte[] bytes = values.vectorValue(index);
                for (int i = 0; i < bytes.length; i++) {
                    scratch[i] = bytes[i];
                }
                return scratch;
            });
        }
        FloatVectorValues values = reader.getFloatVectorValues(field);
        if (values == null) {
            return LeafBucketCollector.NO_OP_COLLECTOR;
        }
        summary(values.dimension());
        return collector(sub, values.iterator(), docBase, values::vectorValue);
    }

    @FunctionalInterface
    private interface VectorReader {
        float[] read(int index) throws IOException;
    }

    private LeafBucketCollector collector(
        LeafBucketCollector sub,
        KnnVectorValues.DocIndexIterator iterator,
        int docBase,
        VectorReader reader
    ) {
        return new LeafBucketCollectorBase(sub, null) {
            @Override
            public void collect(int doc, long owningBucketOrd) throws IOException {
                if (iterator.docID() < doc) {
                    iterator.advance(doc);
                }
                if (iterator.docID() != doc) {
                    return;
                }
                float[] vector = reader.read(iterator.index());
                if (normalise) {
                    vector = VectorMath.normalized(vector);
                }
                int ord = summary.add(vector, docBase + (long) doc);
                collectBucket(sub, doc, ord);
            }
        };
    }

    @Override
    public InternalAggregation[] buildAggregations(LongArray owningBucketOrds) throws IOException {
        InternalAggregation[] results = new InternalAggregation[Math.toIntExact(owningBucketOrds.size())];
        for (int i = 0; i < results.length; i++) {
            results[i] = owningBucketOrds.get(i) == 0 && summary != null ? buildShardResult() : buildEmptyAggregation();
        }
        return results;
    }

    private InternalAggregation buildShardResult() throws IOException {
        summary.finish();
        int size = summary.size();
        try (LongArray ords = bigArrays().newLongArray(size)) {
            for (int i = 0; i < size; i++) {
                ords.set(i, i);
            }
            IntFunction<InternalAggregations> subAggregations = buildSubAggsForBuckets(ords);
            StoredFields storedFields = searcher().getIndexReader().storedFields();
            List<InternalVectorClusters.Bucket> buckets = new ArrayList<>(size);
            for (int c = 0; c < size; c++) {
                List<InternalVectorClusters.Candidate> candidates = new ArrayList<>();
                for (MicroClusters.Candidate candidate : summary.candidates(c)) {
                    String id = idOf(Math.toIntExact(candidate.doc()), storedFields);
                    if (id != null) {
                        double distance = Math.sqrt(candidate.squaredDistance());
                        candidates.add(new InternalVectorClusters.Candidate(id, candidate.vector(), distance));
                    }
                }
                buckets.add(
                    new InternalVectorClusters.Bucket(
                        c,
                        summary.count(c),
                        summary.sum(c),
                        summary.sumOfSquares(c),
                        candidates,
                        null,
                        subAggregations.apply(c)
                    )
                );
            }
            return new InternalVectorClusters(name, options, buckets, false, Double.NaN, List.of(), metadata());
        }
    }

    /**
     * The _id of a document: a stored field, or binary doc values when the index keeps ids in columnar mode
     * ({@code index.mapping.use_columnar_id_mode_by_default}); null where ids are synthesised (time series).
     */
    private String idOf(int globalDoc, StoredFields storedFields) throws IOException {
        FieldsVisitor visitor = new FieldsVisitor(false);
        storedFields.document(globalDoc, visitor);
        if (visitor.id() != null) {
            return visitor.id();
        }
        List<LeafReaderContext> leaves = searcher().getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(globalDoc, leaves));
        BinaryDocValues ids = leaf.reader().getBinaryDocValues(IdFieldMapper.NAME);
        if (ids != null && ids.advanceExact(globalDoc - leaf.docBase)) {
            BytesRef encoded = ids.binaryValue();
            return Uid.decodeId(encoded.bytes, encoded.offset, encoded.length);
        }
        return null;
    }

    @Override
    public InternalAggregation buildEmptyAggregation() {
        return new InternalVectorClusters(name, options, List.of(), false, Double.NaN, List.of(), metadata());
    }
}
