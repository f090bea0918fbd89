package org.latentarchive.vectors;

import java.util.List;

/**
 * Relevance feedback as a query vector: "more like these, less like those" (Rocchio, 1971), as imgs.ai and Qdrant's
 * recommendation API use it.
 *
 * <ul>
 *   <li>For similarities that compare directions (cosine, and dot_product over unit vectors), every example counts by
 *   its direction only: q = normalize(mean_w(unit likes) - mean_w(unit unlikes)), where mean_w is the weighted mean.
 *   The result is scaled to the weighted mean length of the likes, so that one like gives back that very vector and a
 *   walk interpolating from it to a stored vector stays balanced; the scale changes no cosine.</li>
 *   <li>For similarities that compare points (l2_norm, max_inner_product), the raw vectors are averaged: the mean of
 *   the likes, moved away from the unlikes by the difference of the means, q = mean_w(likes) + (mean_w(likes) -
 *   mean_w(unlikes)) (Qdrant's "average_vector" strategy). Without unlikes q is the mean of the likes.</li>
 * </ul>
 */
public final class Rocchio {

    /** One example vector and its weight (positive). */
    public record Example(float[] vector, double weight) {
        public Example {
            if (vector == null || vector.length == 0) {
                throw new IllegalArgumentException("an example needs a vector");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("an example's weight must be positive and finite, got " + weight);
            }
        }

        public static Example of(float[] vector) {
            return new Example(vector, 1);
        }
    }

    private Rocchio() {}

    /**
     * The query vector for {@code likes} (at least one) and {@code unlikes} (maybe none), all of one length.
     * {@code directional}: compare directions (cosine, dot_product) rather than points (l2_norm, max_inner_product).
     *
     * @throws IllegalArgumentException for no likes, vectors of different lengths, a zero vector where a direction is
     *     needed, or likes and unlikes that cancel out
     */
    public static float[] query(List<Example> likes, List<Example> unlikes, boolean directional) {
        if (likes.isEmpty()) {
            throw new IllegalArgumentException("relevance feedback needs at least one liked example");
        }
        int dims = likes.get(0).vector().length;
        for (List<Example> examples : List.of(likes, unlikes)) {
            for (Example e : examples) {
                if (e.vector().length != dims) {
                    throw new IllegalArgumentException("the examples' vectors differ in length: " + dims + " and " + e.vector().length);
                }
                if (directional && VectorMath.norm(e.vector()) == 0) {
                    throw new IllegalArgumentException("a zero vector has no direction to be more or less like");
                }
            }
        }
        double[] likeMean = mean(likes, dims, directional);
        if (directional) {
            double[] q = likeMean.clone();
            if (unlikes.isEmpty() == false) {
                double[] unlikeMean = mean(unlikes, dims, true);
                for (int i = 0; i < dims; i++) {
                    q[i] -= unlikeMean[i];
                }
            }
            double norm = norm(q);
            // the means are of unit vectors (length at most 1): what is left below float precision is rounding, no direction
            if (norm < 1e-6) {
                throw new IllegalArgumentException("the liked and unliked examples cancel out: their query has no direction");
            }
            double scale = meanNorm(likes) / norm;
            for (int i = 0; i < dims; i++) {
                q[i] *= scale;
            }
            return VectorMath.toFloats(q);
        }
        if (unlikes.isEmpty()) {
            return VectorMath.toFloats(likeMean);
        }
        double[] unlikeMean = mean(unlikes, dims, false);
        double[] q = new double[dims];
        for (int i = 0; i < dims; i++) {
            q[i] = 2 * likeMean[i] - unlikeMean[i];
        }
        return VectorMath.toFloats(q);
    }

    private static double[] mean(List<Example> examples, int dims, boolean unit) {
        double[] sum = new double[dims];
        double total = 0;
        for (Example e : examples) {
            double w = unit ? e.weight() / VectorMath.norm(e.vector()) : e.weight();
            VectorMath.addScaled(sum, e.vector(), w);
            total += e.weight();
        }
        for (int i = 0; i < dims; i++) {
            sum[i] /= total;
        }
        return sum;
    }

    private static double meanNorm(List<Example> examples) {
        double sum = 0;
        double total = 0;
        for (Example e : examples) {
            sum += e.weight() * VectorMath.norm(e.vector());
            total += e.weight();
        }
        return sum / total;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
