package org.latentarchive.indexer.embed;

/** Small vector helpers. */
public final class Vectors {

    private Vectors() {
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** True for a vector Elasticsearch's cosine similarity accepts (finite, not all zeros). */
    public static boolean isUsable(float[] v) {
        double n = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
            n += (double) x * x;
        }
        return n > 0;
    }
}
