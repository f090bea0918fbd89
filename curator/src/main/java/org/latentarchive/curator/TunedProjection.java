package org.latentarchive.curator;

import org.latentarchive.vectors.Standardizer;
/**
 * The trained network as plain weights: {@code y = 0.5 z + tanh(W2 relu(W1 z + b1) + b2)} with z the z-scored
 * input. Output and input have the same dimension. Applying it needs no deep-learning engine, so the indexer
 * can re-embed a whole collection, and the explorer can read a model, with nothing but this class.
 *
 * @param w1 hidden x dims
 * @param w2 dims x hidden
 */
public record TunedProjection(Standardizer standardizer, float[][] w1, float[] b1, float[][] w2, float[] b2) {

    public int dims() {
        return b2.length;
    }

    public int hidden() {
        return b1.length;
    }

    /** The tuned embedding of a raw vector of the source field. */
    public float[] apply(float[] raw) {
        return embed(standardizer.apply(raw));
    }

    /** The network on an already z-scored vector. */
    public float[] embed(float[] z) {
        int hidden = hidden();
        float[] h = new float[hidden];
        for (int j = 0; j < hidden; j++) {
            float[] row = w1[j];
            double sum = b1[j];
            for (int d = 0; d < z.length; d++) {
                sum += row[d] * z[d];
            }
            h[j] = (float) Math.max(0, sum);
        }
        float[] out = new float[z.length];
        for (int d = 0; d < z.length; d++) {
            float[] row = w2[d];
            double sum = b2[d];
            for (int j = 0; j < hidden; j++) {
                sum += row[j] * h[j];
            }
            out[d] = (float) (0.5 * z[d] + Math.tanh(sum));
        }
        return out;
    }
}
