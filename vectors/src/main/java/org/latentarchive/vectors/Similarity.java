package org.latentarchive.vectors;

import java.util.Locale;

/**
 * The similarities a dense_vector field can declare, with the score transforms Elasticsearch applies to them, and
 * their inverses. Scores are never negative (Lucene rejects negative scores) and grow with similarity; the
 * farthest-first score grows with distance.
 */
public enum Similarity {
    /** score = (1 + cos) / 2 */
    COSINE {
        @Override
        public double distanceFromScore(double score) {
            return 2 - 2 * score;
        }
    },
    /** score = (1 + dot) / 2, on unit vectors */
    DOT_PRODUCT {
        @Override
        public double distanceFromScore(double score) {
            return 2 - 2 * score;
        }
    },
    /** score = 1 / (1 + d^2) */
    L2_NORM {
        @Override
        public double distanceFromScore(double score) {
            return Math.sqrt(Math.max(0, 1 / score - 1));
        }
    },
    /** score = dot &lt; 0 ? 1 / (1 - dot) : dot + 1 */
    MAX_INNER_PRODUCT {
        @Override
        public double distanceFromScore(double score) {
            double dot = score >= 1 ? score - 1 : 1 - 1 / score;
            return -dot;
        }

        @Override
        public float farthestScore(float nearestScore) {
            // unbounded above, so 1 - s could go negative: the reciprocal keeps the order reversed and positive
            return nearestScore <= 0 ? Float.MAX_VALUE : 1 / nearestScore;
        }
    };

    /**
     * The distance the field's similarity implies for a nearest-first score: cosine distance (1 - cos) for cosine and
     * dot_product, Euclidean distance for l2_norm, the negated inner product for max_inner_product.
     */
    public abstract double distanceFromScore(double score);

    /** Reverses the order of nearest-first scores while keeping them non-negative: the farthest document scores highest. */
    public float farthestScore(float nearestScore) {
        return Math.max(0f, 1f - nearestScore);
    }

    /** Whether the farthest neighbours of q are exactly the nearest neighbours of -q (so HNSW can find them). */
    public boolean farthestIsNearestOfNegation() {
        return this != L2_NORM;
    }

    public static Similarity fromName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown similarity [" + name + "]");
        }
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
