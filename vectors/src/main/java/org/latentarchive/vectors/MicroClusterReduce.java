package org.latentarchive.vectors;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The final reduce of the cluster aggregation, apart from its wire format: every shard summarised its documents as
 * micro-clusters (count, vector sum, sum of squared norms); this clusters the micro-clusters, each a point at its
 * centroid weighted by its count, into at most k groups, by k-means (best of several seeded runs) or by Ward. The
 * aggregation then merges each group's micro-clusters and their sub-aggregations into one bucket.
 */
public final class MicroClusterReduce {

    /** Ward needs a distance matrix, quadratic in its points: past this many, the micro-clusters are grouped first. */
    public static final int MAX_WARD_POINTS = 2048;
    /** k-means runs this often at the reduce, keeping the best: the points are micro-clusters, few enough to afford it. */
    public static final int KMEANS_RESTARTS = 10;

    public enum Algorithm {
        KMEANS,
        WARD
    }

    /** One shard's summary of some documents. */
    public record MicroCluster(long count, double[] sum, double sumOfSquares) {

        public float[] centroid() {
            float[] centroid = new float[sum.length];
            for (int d = 0; d < sum.length; d++) {
                centroid[d] = (float) (sum[d] / count);
            }
            return centroid;
        }

        /** Sum of squared distances of the summarised vectors to their centroid: sum |x|^2 - |sum x|^2 / n. */
        public double inertia() {
            double squaredNormOfSum = 0;
            for (double s : sum) {
                squaredNormOfSum += s * s;
            }
            return Math.max(0, sumOfSquares - squaredNormOfSum / count);
        }
    }

    /**
     * Where the reduce puts every micro-cluster.
     *
     * @param group for each micro-cluster (in the order given), its group: 0 is the largest by total count, ties by
     *              label; micro-clusters of a group that ended empty are in none (never happens: an empty group has none)
     * @param groups how many groups have members
     * @param merges Ward's merges above the k groups, relabelled to the groups' numbers; empty for k-means or when not asked
     */
    public record Grouping(int[] group, int groups, List<Ward.Merge> merges) {}

    private MicroClusterReduce() {}

    /**
     * The micro-clusters in a canonical order (largest first, then by their sums): shards answer in any order, and
     * a seeded clustering must see the same input on every run.
     */
    public static int[] canonicalOrder(List<MicroCluster> micro) {
        Integer[] order = new Integer[micro.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
            order,
            Comparator.comparingLong((Integer i) -> -micro.get(i).count())
                .thenComparingDouble(i -> micro.get(i).sumOfSquares())
                .thenComparing((a, b) -> Arrays.compare(micro.get(a).sum(), micro.get(b).sum()))
        );
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /**
     * Clusters the micro-clusters (already in {@link #canonicalOrder}) into at most {@code k} groups.
     *
     * @param dendrogram whether to return Ward's merges above the k groups
     */
    public static Grouping cluster(
        List<MicroCluster> micro,
        Algorithm algorithm,
        int k,
        long seed,
        int maxIterations,
        boolean dendrogram,
        SquaredDistance distance
    ) {
        float[][] points = new float[micro.size()][];
        double[] weights = new double[micro.size()];
        for (int i = 0; i < points.length; i++) {
            points[i] = micro.get(i).centroid();
            weights[i] = micro.get(i).count();
        }
        int[] labels;
        Ward.Tree tree = null;
        if (algorithm == Algorithm.WARD) {
            WardCut cut = ward(points, weights, k, seed, distance);
            labels = cut.labels();
            tree = cut.tree();
        } else {
            labels = KMeans.bestOf(KMEANS_RESTARTS, points, weights, k, seed, maxIterations, distance).assignment();
        }
        int clusters = 0;
        for (int label : labels) {
            clusters = Math.max(clusters, label + 1);
        }
        long[] counts = new long[clusters];
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]] += micro.get(i).count();
        }
        // bigger clusters get smaller numbers; k-means may leave a cluster empty, which then gets no group
        Integer[] order = new Integer[clusters];
        for (int c = 0; c < clusters; c++) {
            order[c] = c;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer c) -> -counts[c]).thenComparingInt(c -> c));
        int[] keyOfLabel = new int[clusters];
        int groups = 0;
        for (int rank = 0; rank < clusters; rank++) {
            keyOfLabel[order[rank]] = rank;
            if (counts[order[rank]] > 0) {
                groups++;
            }
        }
        int[] group = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            group[i] = keyOfLabel[labels[i]];
        }
        List<Ward.Merge> merges = tree != null && dendrogram ? tree.mergesAbove(k, keyOfLabel) : List.of();
        return new Grouping(group, groups, merges);
    }

    /**
     * Ward on the points, or past {@link #MAX_WARD_POINTS} on groups of them made by weighted k-means (many shards):
     * its merge tree, and where it puts every point when cut at k.
     */
    private static WardCut ward(float[][] points, double[] weights, int k, long seed, SquaredDistance distance) {
        if (points.length <= MAX_WARD_POINTS) {
            Ward.Tree tree = Ward.cluster(points, weights, distance);
            return new WardCut(tree, tree.labelsAt(k));
        }
        KMeans.Result groups = KMeans.cluster(points, weights, MAX_WARD_POINTS, seed, 10, distance);
        int n = groups.centroids().length;
        double[] groupWeights = new double[n];
        for (int i = 0; i < points.length; i++) {
            groupWeights[groups.assignment()[i]] += weights[i];
        }
        // a group that ended empty weighs nothing; give it a token weight so that Ward's formulas stay defined
        for (int g = 0; g < n; g++) {
            groupWeights[g] = Math.max(groupWeights[g], 1e-9);
        }
        Ward.Tree tree = Ward.cluster(groups.centroids(), groupWeights, distance);
        int[] groupLabels = tree.labelsAt(k);
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = groupLabels[groups.assignment()[i]];
        }
        return new WardCut(tree, labels);
    }

    private record WardCut(Ward.Tree tree, int[] labels) {}
}
