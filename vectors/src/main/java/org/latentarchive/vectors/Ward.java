package org.latentarchive.vectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Weighted Ward agglomeration: starting from every point as its own cluster (of its weight), repeatedly merge the two
 * clusters whose union increases the within-cluster sum of squares least. Distances are updated with the
 * Lance-Williams formula, and every cluster remembers its nearest neighbour, which stays valid for Ward because a
 * merge never brings a cluster closer to a third one than the nearer of its two parts was.
 */
public final class Ward {

    /**
     * One merge, numbered like scipy's linkage: ids below n are points, id n + i is the cluster made by merge i.
     *
     * @param distance sqrt(2 * increase of the sum of squares): the Euclidean distance for two single points, as scipy
     * @param size     the total weight of the merged cluster
     */
    public record Merge(int left, int right, double distance, double size) {}

    /** The full merge history of n points: n - 1 merges. */
    public record Tree(int points, List<Merge> merges) {

        /** The cluster of every point when the merging stops at {@code k} clusters, labelled 0..k-1 in order of first point. */
        public int[] labelsAt(int k) {
            int[] parent = new int[points + merges.size()];
            for (int i = 0; i < parent.length; i++) {
                parent[i] = i;
            }
            int stop = Math.max(0, points - Math.max(k, 1));
            for (int m = 0; m < stop; m++) {
                Merge merge = merges.get(m);
                parent[merge.left()] = points + m;
                parent[merge.right()] = points + m;
            }
            int[] labels = new int[points];
            int[] labelOfRoot = new int[parent.length];
            Arrays.fill(labelOfRoot, -1);
            int next = 0;
            for (int i = 0; i < points; i++) {
                int root = i;
                while (parent[root] != root) {
                    root = parent[root];
                }
                if (labelOfRoot[root] < 0) {
                    labelOfRoot[root] = next++;
                }
                labels[i] = labelOfRoot[root];
            }
            return labels;
        }

        /**
         * The merges that join the k clusters of {@link #labelsAt(int)} into one, renumbered so that ids below k are
         * those labels mapped through {@code keyOfLabel} and id k + i is the i-th of these merges.
         */
        public List<Merge> mergesAbove(int k, int[] keyOfLabel) {
            if (k >= points) {
                k = points;
            }
            int first = points - k;
            int[] labels = labelsAt(k);
            int[] rename = new int[points + merges.size()];
            Arrays.fill(rename, -1);
            // the node ids that are the roots at the cut: a point never merged below the cut, or a merge below it
            int[] parentMerge = new int[points + merges.size()];
            Arrays.fill(parentMerge, -1);
            for (int m = 0; m < first; m++) {
                parentMerge[merges.get(m).left()] = m;
                parentMerge[merges.get(m).right()] = m;
            }
            for (int i = 0; i < points; i++) {
                int node = i;
                while (parentMerge[node] >= 0) {
                    node = points + parentMerge[node];
                }
                rename[node] = keyOfLabel[labels[i]];
            }
            List<Merge> above = new ArrayList<>();
            for (int m = first; m < merges.size(); m++) {
                Merge merge = merges.get(m);
                rename[points + m] = k + (m - first);
                above.add(new Merge(rename[merge.left()], rename[merge.right()], merge.distance(), merge.size()));
            }
            return above;
        }
    }

    private Ward() {}

    public static Tree cluster(float[][] points, double[] weights) {
        return cluster(points, weights, SquaredDistance.PLAIN);
    }

    public static Tree cluster(float[][] points, double[] weights, SquaredDistance distance) {
        int n = points.length;
        if (weights.length != n) {
            throw new IllegalArgumentException("[" + n + "] points but [" + weights.length + "] weights");
        }
        // d[i][j] (i < j): the increase of the sum of squares if clusters i and j merged
        double[][] d = new double[n][];
        for (int i = 0; i < n; i++) {
            d[i] = new double[n];
            for (int j = i + 1; j < n; j++) {
                double wi = weights[i];
                double wj = weights[j];
                d[i][j] = wi * wj / (wi + wj) * distance.between(points[i], points[j]);
            }
        }
        double[] size = weights.clone();
        int[] nodeId = new int[n];
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            nodeId[i] = i;
            active[i] = true;
        }
        int[] nn = new int[n];
        double[] nnDistance = new double[n];
        for (int i = 0; i < n; i++) {
            nearest(i, d, active, nn, nnDistance);
        }
        List<Merge> merges = new ArrayList<>(Math.max(0, n - 1));
        for (int step = 0; step < n - 1; step++) {
            int a = -1;
            for (int i = 0; i < n; i++) {
                if (active[i] && nn[i] >= 0 && (a < 0 || nnDistance[i] < nnDistance[a])) {
                    a = i;
                }
            }
            int b = nn[a];
            double increase = nnDistance[a];
            int left = Math.min(nodeId[a], nodeId[b]);
            int right = Math.max(nodeId[a], nodeId[b]);
            merges.add(new Merge(left, right, Math.sqrt(2 * Math.max(0, increase)), size[a] + size[b]));
            // the union lives on in slot a
            for (int c = 0; c < n; c++) {
                if (active[c] == false || c == a || c == b) {
                    continue;
                }
                double dac = get(d, a, c);
                double dbc = get(d, b, c);
                double merged = ((size[a] + size[c]) * dac + (size[b] + size[c]) * dbc - size[c] * increase)
                    / (size[a] + size[b] + size[c]);
                set(d, a, c, merged);
            }
            size[a] += size[b];
            active[b] = false;
            nodeId[a] = n + step;
            for (int c = 0; c < n; c++) {
                if (active[c] == false) {
                    continue;
                }
                if (c == a || nn[c] == a || nn[c] == b) {
                    nearest(c, d, active, nn, nnDistance);
                } else {
                    double dca = get(d, c, a);
                    if (dca < nnDistance[c]) {
                        nn[c] = a;
                        nnDistance[c] = dca;
                    }
                }
            }
        }
        return new Tree(n, merges);
    }

    private static void nearest(int i, double[][] d, boolean[] active, int[] nn, double[] nnDistance) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int j = 0; j < d.length; j++) {
            if (j != i && active[j]) {
                double dij = get(d, i, j);
                if (dij < bestDistance) {
                    bestDistance = dij;
                    best = j;
                }
            }
        }
        nn[i] = best;
        nnDistance[i] = bestDistance;
    }

    private static double get(double[][] d, int i, int j) {
        return i < j ? d[i][j] : d[j][i];
    }

    private static void set(double[][] d, int i, int j, double value) {
        if (i < j) {
            d[i][j] = value;
        } else {
            d[j][i] = value;
        }
    }
}
