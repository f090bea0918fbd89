package org.latentarchive.vectors.testing;

import java.util.Random;

/**
 * A seeded Gaussian mixture: {@code groups} well separated centres in {@code dims} dimensions, each point a centre
 * plus isotropic noise. The label of every point is known, so clustering can be scored against it, and the exact
 * neighbours can be recomputed by brute force.
 */
public record PlantedVectors(float[][] vectors, int[] labels, float[][] centres) {

    public static PlantedVectors generate(long seed, int count, int dims, int groups, double noise) {
        Random random = new Random(seed);
        float[][] centres = new float[groups][dims];
        for (float[] centre : centres) {
            for (int d = 0; d < dims; d++) {
                centre[d] = (float) random.nextGaussian();
            }
        }
        float[][] vectors = new float[count][dims];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % groups;
            labels[i] = label;
            for (int d = 0; d < dims; d++) {
                vectors[i][d] = centres[label][d] + (float) (noise * random.nextGaussian());
            }
        }
        return new PlantedVectors(vectors, labels, centres);
    }

    public int size() {
        return vectors.length;
    }

    public int dims() {
        return vectors[0].length;
    }
}
