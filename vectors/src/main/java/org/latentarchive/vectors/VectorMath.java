package org.latentarchive.vectors;

/**
 * Plain float-vector arithmetic shared by the neighbours, walk and cluster code. This package imports nothing from
 * Elasticsearch or Lucene, so every formula here can be checked by hand in a unit test.
 */
public final class VectorMath {

    private VectorMath() {}

    public static double dot(float[] a, float[] b) {
        checkSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    public static double squaredDistance(float[] a, float[] b) {
        checkSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    public static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Cosine similarity; a zero vector has no direction, so its cosine with anything is 0. */
    public static double cosine(float[] a, float[] b) {
        return cosine(a, norm(a), b, norm(b));
    }

    /**
     * Cosine similarity of vectors whose norms ({@link #norm}) are known, for one vector measured against many: the
     * same value {@link #cosine(float[], float[])} gives, with one dot product instead of three.
     */
    public static double cosine(float[] a, double normA, float[] b, double normB) {
        if (normA == 0 || normB == 0) {
            return 0;
        }
        return Math.max(-1, Math.min(1, dot(a, b) / (normA * normB)));
    }

    /** True for a vector with a direction, as cosine similarity needs: finite components, not all zero. */
    public static boolean hasDirection(float[] v) {
        double n = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
            n += (double) x * x;
        }
        return n > 0;
    }

    /** A unit-length copy; a zero vector stays zero. */
    public static float[] normalized(float[] a) {
        double n = norm(a);
        float[] out = new float[a.length];
        if (n == 0) {
            return out;
        }
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (a[i] / n);
        }
        return out;
    }

    public static float[] negated(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    /** {@code target += weight * v}, in double precision. */
    public static void addScaled(double[] target, float[] v, double weight) {
        if (target.length != v.length) {
            throw new IllegalArgumentException("vectors differ in length: " + target.length + " and " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            target[i] += weight * v[i];
        }
    }

    /** A parsed JSON array of numbers as a float vector. */
    public static float[] toFloats(java.util.List<? extends Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    public static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static void checkSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        }
    }
}
