package org.latentarchive.vectors;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Weighted k-means: greedy k-means++ seeding followed by Lloyd iterations. A point of weight w counts as w identical
 * points, which is what lets the reduce cluster micro-cluster centroids weighted by their document counts. All
 * randomness comes from {@code seed}, so the same input gives the same clusters on every node and every run.
 */
public final class KMeans {

    /**
     * @param centroids    the k (or fewer, when there are fewer distinct points) final centroids
     * @param assignment   for every point, the index of its centroid
     * @param inertia      the weighted sum of squared distances of the points to their centroids
     * @param iterations   how many Lloyd iterations ran
     */
    public record Result(float[][] centroids, int[] assignment, double inertia, int iterations) {}

    private KMeans() {}

    public static Result cluster(float[][] points, double[] weights, int k, long seed, int maxIterations) {
        return cluster(points, weights, k, seed, maxIterations, SquaredDistance.PLAIN);
    }

    public static Result cluster(
        float[][] points,
        double[] weights,
        int k,
        long seed,
        int maxIterations,
        SquaredDistance distance
    ) {
        if (points.length != weights.length) {
            throw new IllegalArgumentException("[" + points.length + "] points but [" + weights.length + "] weights");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1 but was [" + k + "]");
        }
        if (points.length == 0) {
            return new Result(new float[0][], new int[0], 0, 0);
        }
        float[][] centroids = seed(points, weights, k, new SplittableRandom(seed), distance);
        int[] assignment = new int[points.length];
        double[] nearest = new double[points.length];
        assign(points, centroids, assignment, nearest, distance);
        int iterations = 0;
        while (iterations < maxIterations) {
            iterations++;
            centroids = means(points, weights, assignment, centroids, nearest);
            boolean changed = assign(points, centroids, assignment, nearest, distance);
            if (changed == false) {
                break;
            }
        }
        double inertia = 0;
        for (int i = 0; i < points.length; i++) {
            inertia += weights[i] * nearest[i];
        }
        return new Result(centroids, assignment, inertia, iterations);
    }

    /**
     * Runs k-means {@code restarts} times, each seeded from {@code seed}, and keeps the result of least inertia: one
     * run can settle in a local minimum (two true groups sharing a centroid while another is split), and over a few
     * hundred weighted micro-clusters a restart costs next to nothing.
     */
    public static Result bestOf(
        int restarts,
        float[][] points,
        double[] weights,
        int k,
        long seed,
        int maxIterations,
        SquaredDistance distance
    ) {
        SplittableRandom seeds = new SplittableRandom(seed);
        Result best = null;
        for (int run = 0; run < Math.max(1, restarts); run++) {
            Result result = cluster(points, weights, k, run == 0 ? seed : seeds.nextLong(), maxIterations, distance);
            if (best == null || result.inertia() < best.inertia()) {
                best = result;
            }
        }
        return best;
    }

    /**
     * Greedy k-means++ (as scikit-learn does it): each new centre is the best, by resulting potential, of
     * {@code 2 + ln k} candidates drawn with probability proportional to weight times squared distance.
     */
    static float[][] seed(float[][] points, double[] weights, int k, SplittableRandom random, SquaredDistance distance) {
        int n = points.length;
        int trials = 2 + (int) Math.log(k);
        float[][] centres = new float[Math.min(k, n)][];
        double[] closest = new double[n];
        centres[0] = points[draw(weights, null, random)].clone();
        double potential = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = distance.between(points[i], centres[0]);
            potential += weights[i] * closest[i];
        }
        int found = 1;
        double[] candidateClosest = new double[n];
        double[] bestClosest = new double[n];
        while (found < centres.length) {
            if (potential <= 0) {
                // every remaining point coincides with a centre: there are fewer distinct points than k
                break;
            }
            int best = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                int candidate = draw(weights, closest, random);
                double candidatePotential = 0;
                for (int i = 0; i < n; i++) {
                    candidateClosest[i] = Math.min(closest[i], distance.between(points[i], points[candidate]));
                    candidatePotential += weights[i] * candidateClosest[i];
                }
                if (candidatePotential < bestPotential) {
                    bestPotential = candidatePotential;
                    best = candidate;
                    System.arraycopy(candidateClosest, 0, bestClosest, 0, n);
                }
            }
            centres[found++] = points[best].clone();
            System.arraycopy(bestClosest, 0, closest, 0, n);
            potential = bestPotential;
        }
        return found == centres.length ? centres : Arrays.copyOf(centres, found);
    }

    /** Draws an index with probability proportional to {@code weights[i] * (factors == null ? 1 : factors[i])}. */
    private static int draw(double[] weights, double[] factors, SplittableRandom random) {
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i] * (factors == null ? 1 : factors[i]);
        }
        double target = random.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            double mass = weights[i] * (factors == null ? 1 : factors[i]);
            if (mass > 0) {
                last = i;
                target -= mass;
                if (target < 0) {
                    return i;
                }
            }
        }
        return last >= 0 ? last : 0;
    }

    /** Assigns every point to its nearest centroid; returns whether any assignment changed. */
    static boolean assign(float[][] points, float[][] centroids, int[] assignment, double[] nearest, SquaredDistance distance) {
        boolean changed = false;
        for (int i = 0; i < points.length; i++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centroids.length; c++) {
                double d = distance.between(points[i], centroids[c]);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            if (assignment[i] != best) {
                changed = true;
                assignment[i] = best;
            }
            nearest[i] = bestDistance;
        }
        return changed;
    }

    /**
     * Weighted means of the assigned points. A centroid that lost all its points moves to the point that contributes
     * most to the inertia, as scikit-learn does, so that k clusters stay k clusters.
     */
    private static float[][] means(float[][] points, double[] weights, int[] assignment, float[][] previous, double[] nearest) {
        int k = previous.length;
        int dims = points[0].length;
        double[][] sums = new double[k][dims];
        double[] mass = new double[k];
        for (int i = 0; i < points.length; i++) {
            VectorMath.addScaled(sums[assignment[i]], points[i], weights[i]);
            mass[assignment[i]] += weights[i];
        }
        float[][] centroids = new float[k][];
        boolean[] taken = new boolean[points.length];
        for (int c = 0; c < k; c++) {
            if (mass[c] > 0) {
                for (int d = 0; d < dims; d++) {
                    sums[c][d] /= mass[c];
                }
                centroids[c] = VectorMath.toFloats(sums[c]);
            } else {
                int far = -1;
                for (int i = 0; i < points.length; i++) {
                    if (taken[i] == false && (far < 0 || weights[i] * nearest[i] > weights[far] * nearest[far])) {
                        far = i;
                    }
                }
                taken[far] = true;
                centroids[c] = points[far].clone();
            }
        }
        return centroids;
    }
}
