package org.latentarchive.vectors;

/**
 * Squared Euclidean distance between two vectors of equal length. The clustering code takes it as a parameter so that
 * the plugin can hand in a SIMD implementation while this package stays free of Elasticsearch and Lucene.
 */
@FunctionalInterface
public interface SquaredDistance {

    double between(float[] a, float[] b);

    /** A portable implementation: four independent sums let the CPU overlap the multiply-adds. */
    SquaredDistance PLAIN = (a, b) -> {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        }
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int upper = a.length & ~3; i < upper; i += 4) {
            float d0 = a[i] - b[i];
            float d1 = a[i + 1] - b[i + 1];
            float d2 = a[i + 2] - b[i + 2];
            float d3 = a[i + 3] - b[i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < a.length; i++) {
            float d = a[i] - b[i];
            s0 += d * d;
        }
        return (double) s0 + s1 + s2 + s3;
    };
}
