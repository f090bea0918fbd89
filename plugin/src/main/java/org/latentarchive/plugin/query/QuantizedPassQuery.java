package org.latentarchive.plugin.query;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.DocAndFloatFeatureBuffer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.LongHeap;
import org.apache.lucene.util.NumericUtils;
import org.latentarchive.vectors.Direction;
import org.latentarchive.vectors.Similarity;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Approximate nearest or farthest by one pass over the field's quantized vectors, then exact rescoring.
 *
 * <p>On a field whose index keeps quantized copies of its vectors (int8, int4 or bbq, HNSW or flat),
 * {@link FloatVectorValues#scorer(float[])} estimates the similarity from those copies (a quarter of the bytes for
 * int8, an eighth for int4, a thirty-second for bbq), in batches, while {@link FloatVectorValues#rescorer(float[])}
 * reads the full-precision vectors. Per segment, every document that passes {@code filter} (and is live, and not
 * {@code exclude}d) is estimated; the {@code perSegment} best estimates (for farthest: the lowest similarity) are kept
 * in a bounded heap; only those are rescored exactly, with the field's own similarity, and they are the query's hits.
 *
 * <p>Unlike an HNSW graph, which is built to find the nearest, the pass looks at every document, so it finds the
 * farthest as well as the nearest, under every similarity, l2_norm included. On a field without quantized vectors the
 * same pass is exact (and no faster than exact).
 */
final class QuantizedPassQuery extends Query {

    private final String field;
    private final float[] query;
    private final Similarity similarity;
    private final Direction direction;
    private final int perSegment;
    private final Query filter;
    private final Query exclude;

    QuantizedPassQuery(String field, float[] query, Similarity similarity, Direction direction, int perSegment, Query filter,
        Query exclude) {
        if (perSegment < 1) {
            throw new IllegalArgumentException("perSegment must be positive, got " + perSegment);
        }
        this.field = Objects.requireNonNull(field);
        this.query = Objects.requireNonNull(query);
        this.similarity = Objects.requireNonNull(similarity);
        this.direction = Objects.requireNonNull(direction);
        this.perSegment = perSegment;
        this.filter = filter;
        this.exclude = exclude;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        Query f = filter == null ? null : filter.rewrite(searcher);
        Query e = exclude == null ? null : exclude.rewrite(searcher);
        if (f != filter || e != exclude) {
            return new QuantizedPassQuery(field, query, similarity, direction, perSegment, f, e);
        }
        return this;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        Weight filterWeight = filter == null ? null : searcher.createWeight(filter, ScoreMode.COMPLETE_NO_SCORES, 1f);
        Weight excludeWeight = exclude == null ? null : searcher.createWeight(exclude, ScoreMode.COMPLETE_NO_SCORES, 1f);
        return new Weight(this) {
            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                Candidates candidates = candidates(context, filterWeight, excludeWeight, boost);
                int i = candidates == null ? -1 : Arrays.binarySearch(candidates.docs, doc);
                if (i < 0) {
                    return Explanation.noMatch("not among the " + perSegment + " best of the segment by the quantized vectors of ["
                        + field + "]");
                }
                return Explanation.match(candidates.scores[i], direction.displayName() + " neighbour score on [" + field
                    + "], rescored exactly", Explanation.match(candidates.exact[i], similarity.displayName() + " similarity score"));
            }

            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                FloatVectorValues values = context.reader().getFloatVectorValues(field);
                if (values == null || values.size() == 0) {
                    return null;
                }
                long cost = Math.min(perSegment, values.size());
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) throws IOException {
                        Candidates candidates = candidates(context, filterWeight, excludeWeight, boost);
                        return new CandidatesScorer(candidates == null ? new Candidates(new int[0], new float[0], new float[0]) : candidates);
                    }

                    @Override
                    public long cost() {
                        return cost;
                    }
                };
            }

            @Override
            public boolean isCacheable(LeafReaderContext context) {
                // the answer is a function of the segment, but caching a vector query's matches helps nobody
                return false;
            }
        };
    }

    /** The best documents of one segment by the quantized estimate, in doc order, with their exact scores. */
    private record Candidates(int[] docs, float[] exact, float[] scores) {}

    private Candidates candidates(LeafReaderContext context, Weight filterWeight, Weight excludeWeight, float boost) throws IOException {
        FloatVectorValues values = context.reader().getFloatVectorValues(field);
        if (values == null) {
            return null;
        }
        DocIdSetIterator matching = null;
        if (filterWeight != null) {
            Scorer filtered = filterWeight.scorer(context);
            if (filtered == null) {
                return null;
            }
            matching = filtered.iterator();
        }
        DocIdSetIterator excluded = null;
        if (excludeWeight != null) {
            Scorer excludedScorer = excludeWeight.scorer(context);
            excluded = excludedScorer == null ? null : excludedScorer.iterator();
        }
        VectorScorer estimate = values.scorer(query);
        if (estimate == null) {
            return null;
        }
        // the heap keeps the perSegment largest keys: (sortable key << 32) | doc, key = estimate for nearest, -estimate for farthest
        LongHeap best = new LongHeap(perSegment);
        boolean farthest = direction == Direction.FARTHEST;
        Bits live = context.reader().getLiveDocs();
        VectorScorer.Bulk bulk = estimate.bulk(matching);
        DocAndFloatFeatureBuffer buffer = new DocAndFloatFeatureBuffer();
        for (bulk.nextDocsAndScores(DocIdSetIterator.NO_MORE_DOCS, live, buffer); buffer.size > 0;
            bulk.nextDocsAndScores(DocIdSetIterator.NO_MORE_DOCS, live, buffer)) {
            for (int i = 0; i < buffer.size; i++) {
                int doc = buffer.docs[i];
                if (excluded != null && excluded.docID() < doc) {
                    excluded.advance(doc);
                }
                if (excluded != null && excluded.docID() == doc) {
                    continue;
                }
                float key = farthest ? -buffer.features[i] : buffer.features[i];
                best.insertWithOverflow(((long) NumericUtils.floatToSortableInt(key) << 32) | doc);
            }
        }
        int n = best.size();
        int[] docs = new int[n];
        for (int i = 0; i < n; i++) {
            docs[i] = (int) best.get(i + 1);
        }
        Arrays.sort(docs);
        // exact scores from the full-precision vectors, read for these documents only
        VectorScorer exactScorer = context.reader().getFloatVectorValues(field).rescorer(query);
        DocIdSetIterator vectors = exactScorer.iterator();
        float[] exact = new float[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            if (vectors.advance(docs[i]) != docs[i]) {
                throw new IllegalStateException("document [" + docs[i] + "] has a quantized vector in [" + field + "] but no vector");
            }
            exact[i] = exactScorer.score();
            scores[i] = (farthest ? similarity.farthestScore(exact[i]) : exact[i]) * boost;
        }
        return new Candidates(docs, exact, scores);
    }

    private static final class CandidatesScorer extends Scorer {
        private final Candidates candidates;
        private final DocIdSetIterator iterator;
        private final float maxScore;
        private int index = -1;

        CandidatesScorer(Candidates candidates) {
            this.candidates = candidates;
            float max = 0;
            for (float s : candidates.scores) {
                max = Math.max(max, s);
            }
            this.maxScore = max;
            int[] docs = candidates.docs;
            this.iterator = new DocIdSetIterator() {
                @Override
                public int docID() {
                    return index < 0 ? -1 : index >= docs.length ? NO_MORE_DOCS : docs[index];
                }

                @Override
                public int nextDoc() {
                    index++;
                    return docID();
                }

                @Override
                public int advance(int target) {
                    int found = Arrays.binarySearch(docs, Math.max(0, index + 1), docs.length, target);
                    index = found >= 0 ? found : -found - 1;
                    return docID();
                }

                @Override
                public long cost() {
                    return docs.length;
                }
            };
        }

        @Override
        public DocIdSetIterator iterator() {
            return iterator;
        }

        @Override
        public float getMaxScore(int upTo) {
            return maxScore;
        }

        @Override
        public float score() {
            return candidates.scores[index];
        }

        @Override
        public int docID() {
            return iterator.docID();
        }
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
        if (filter != null) {
            filter.visit(visitor.getSubVisitor(BooleanClause.Occur.FILTER, this));
        }
        if (exclude != null) {
            exclude.visit(visitor.getSubVisitor(BooleanClause.Occur.MUST_NOT, this));
        }
    }

    @Override
    public String toString(String f) {
        return "vector_neighbours(" + field + ", " + direction.displayName() + ", quantized pass, " + perSegment
            + " per segment rescored exactly" + (filter == null ? "" : ", filter " + filter.toString(f)) + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (o == null || getClass() != o.getClass()) return false;
        QuantizedPassQuery that = (QuantizedPassQuery) o;
        return field.equals(that.field) && Arrays.equals(query, that.query) && similarity == that.similarity
            && direction == that.direction && perSegment == that.perSegment && Objects.equals(filter, that.filter)
            && Objects.equals(exclude, that.exclude);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), field, Arrays.hashCode(query), similarity, direction, perSegment, filter, exclude);
    }
}
