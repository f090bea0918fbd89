package org.latentarchive.plugin.query;

import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.DocAndFloatFeatureBuffer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.latentarchive.vectors.Direction;
import org.latentarchive.vectors.Similarity;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Scores every document that has a vector in {@code field} by its similarity to a query vector, exactly, with the
 * field's own similarity function (Lucene's SIMD vector utilities do the arithmetic, in batches through
 * {@link VectorScorer.Bulk}). Nearest-first uses the field's score; farthest-first reverses it with
 * {@link Similarity#farthestScore(float)}, so scores stay non-negative either way.
 *
 * <p>Full-precision vectors are read even where the field is quantized, so that exact means exact.
 */
final class VectorNeighboursQuery extends Query {

    private final String field;
    private final float[] floatQuery;
    private final byte[] byteQuery;
    private final Similarity similarity;
    private final Direction direction;

    private VectorNeighboursQuery(String field, float[] floatQuery, byte[] byteQuery, Similarity similarity, Direction direction) {
        this.field = Objects.requireNonNull(field);
        this.floatQuery = floatQuery;
        this.byteQuery = byteQuery;
        this.similarity = Objects.requireNonNull(similarity);
        this.direction = Objects.requireNonNull(direction);
    }

    static VectorNeighboursQuery floats(String field, float[] query, Similarity similarity, Direction direction) {
        return new VectorNeighboursQuery(field, query, null, similarity, direction);
    }

    static VectorNeighboursQuery bytes(String field, byte[] query, Similarity similarity, Direction direction) {
        return new VectorNeighboursQuery(field, null, query, similarity, direction);
    }

    private float transform(float nearestScore) {
        return direction == Direction.NEAREST ? nearestScore : similarity.farthestScore(nearestScore);
    }

    private VectorScorer vectorScorer(LeafReaderContext context) throws IOException {
        if (floatQuery != null) {
            FloatVectorValues values = context.reader().getFloatVectorValues(field);
            return values == null ? null : values.rescorer(floatQuery);
        }
        ByteVectorValues values = context.reader().getByteVectorValues(field);
        return values == null ? null : values.scorer(byteQuery);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new Weight(this) {
            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                VectorScorer scorer = vectorScorer(context);
                if (scorer == null || scorer.iterator().advance(doc) != doc) {
                    return Explanation.noMatch("no vector in field [" + field + "]");
                }
                float raw = scorer.score();
                float score = transform(raw) * boost;
                return Explanation.match(score, direction.displayName() + " neighbour score on [" + field + "]",
                    Explanation.match(raw, similarity.displayName() + " similarity score"));
            }

            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                VectorScorer vectorScorer = vectorScorer(context);
                if (vectorScorer == null) {
                    return null;
                }
                long cost = vectorScorer.iterator().cost();
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) throws IOException {
                        return new NeighboursScorer(vectorScorer, boost);
                    }

                    @Override
                    public BulkScorer bulkScorer() throws IOException {
                        return new NeighboursBulkScorer(new NeighboursScorer(vectorScorer, boost), cost);
                    }

                    @Override
                    public long cost() {
                        return cost;
                    }
                };
            }

            @Override
            public boolean isCacheable(LeafReaderContext context) {
                return true;
            }
        };
    }

    private final class NeighboursScorer extends Scorer {
        private final VectorScorer vectorScorer;
        private final VectorScorer.Bulk bulk;
        private final DocIdSetIterator iterator;
        private final float boost;

        NeighboursScorer(VectorScorer vectorScorer, float boost) throws IOException {
            this.vectorScorer = vectorScorer;
            this.bulk = vectorScorer.bulk(null);
            this.iterator = vectorScorer.iterator();
            this.boost = boost;
        }

        @Override
        public DocIdSetIterator iterator() {
            return iterator;
        }

        @Override
        public float getMaxScore(int upTo) {
            return Float.POSITIVE_INFINITY;
        }

        @Override
        public float score() throws IOException {
            return transform(vectorScorer.score()) * boost;
        }

        @Override
        public int docID() {
            return iterator.docID();
        }

        @Override
        public void nextDocsAndScores(int upTo, Bits liveDocs, DocAndFloatFeatureBuffer buffer) throws IOException {
            bulk.nextDocsAndScores(upTo, liveDocs, buffer);
            for (int i = 0; i < buffer.size; i++) {
                buffer.features[i] = transform(buffer.features[i]) * boost;
            }
        }
    }

    /** Drives collection in batches, so that similarity is computed many documents at a time. */
    private static final class NeighboursBulkScorer extends BulkScorer {
        private final DocAndFloatFeatureBuffer buffer = new DocAndFloatFeatureBuffer();
        private final Scorer scorer;
        private final long cost;
        private float current;

        NeighboursBulkScorer(Scorer scorer, long cost) {
            this.scorer = scorer;
            this.cost = cost;
        }

        @Override
        public int score(LeafCollector collector, Bits acceptDocs, int min, int max) throws IOException {
            collector.setScorer(new Scorable() {
                @Override
                public float score() {
                    return current;
                }
            });
            if (scorer.docID() < min) {
                scorer.iterator().advance(min);
            }
            for (scorer.nextDocsAndScores(max, acceptDocs, buffer); buffer.size > 0; scorer.nextDocsAndScores(max, acceptDocs, buffer)) {
                for (int i = 0; i < buffer.size; i++) {
                    current = buffer.features[i];
                    collector.collect(buffer.docs[i]);
                }
            }
            return scorer.docID();
        }

        @Override
        public long cost() {
            return cost;
        }
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String f) {
        return "vector_neighbours(" + field + ", " + direction.displayName() + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (o == null || getClass() != o.getClass()) return false;
        VectorNeighboursQuery that = (VectorNeighboursQuery) o;
        return field.equals(that.field) && Arrays.equals(floatQuery, that.floatQuery) && Arrays.equals(byteQuery, that.byteQuery)
            && similarity == that.similarity && direction == that.direction;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), field, Arrays.hashCode(floatQuery), Arrays.hashCode(byteQuery), similarity, direction);
    }
}
