package org.latentarchive.vectors;

/**
 * Per-dimension z-scoring (the prototype's StandardScaler), fitted over every artwork of a field. A dimension that
 * never varies keeps scale 1, so it maps to 0 instead of dividing by zero.
 */
public record Standardizer(float[] mean, float[] scale) {

    public static Standardizer fit(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no vectors to standardise");
        }
        int dims = rows[0].length;
        double[] sum = new double[dims];
        double[] squares = new double[dims];
        for (float[] v : rows) {
            for (int d = 0; d < dims; d++) {
                sum[d] += v[d];
            }
        }
        float[] mean = new float[dims];
        for (int d = 0; d < dims; d++) {
            mean[d] = (float) (sum[d] / rows.length);
        }
        for (float[] v : rows) {
            for (int d = 0; d < dims; d++) {
                double centred = v[d] - mean[d];
                squares[d] += centred * centred;
            }
        }
        float[] scale = new float[dims];
        for (int d = 0; d < dims; d++) {
            // population standard deviation, as StandardScaler computes it
            double sd = Math.sqrt(squares[d] / rows.length);
            scale[d] = sd > 1e-12 ? (float) sd : 1f;
        }
        return new Standardizer(mean, scale);
    }

    public float[] apply(float[] vector) {
        if (vector.length != mean.length) {
            throw new IllegalArgumentException("vector has " + vector.length + " dims, the standardizer " + mean.length);
        }
        float[] z = new float[vector.length];
        for (int d = 0; d < z.length; d++) {
            z[d] = (vector[d] - mean[d]) / scale[d];
        }
        return z;
    }
}
