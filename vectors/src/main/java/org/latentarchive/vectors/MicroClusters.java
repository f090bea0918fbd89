package org.latentarchive.vectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bounded, single-pass summary of a stream of vectors as weighted micro-clusters, each with its document count,
 * vector sum and sum of squared norms (enough to merge clusters and to compute inertia exactly) and the few documents
 * nearest its centroid (candidates for representatives).
 *
 * <p>The first {@code bufferLimit} vectors are buffered and clustered with k-means into three quarters of
 * {@code capacity} micro-clusters; later vectors join their nearest micro-cluster, or open a new one when they are far
 * from all of them (a region the buffer did not see). When a new one is needed and all {@code capacity} are in use,
 * Ward merges the closest micro-clusters back down to three quarters of capacity. Memory never depends on how many
 * vectors pass through.
 *
 * <p>Every vector gets an ordinal when it is added; whenever ordinals change (buffer clustered, clusters merged) the
 * {@link Relabeling} hears how old ordinals map to new ones, so that a caller can move what it keyed by ordinal
 * (document counts, sub-aggregation buckets) along.
 */
public final class MicroClusters {

    /** How far, relative to the mean squared distance of vectors to their micro-cluster, makes a vector "far". */
    static final double FAR_FACTOR = 4.0;
    static final int BUFFER_ITERATIONS = 10;

    /** Told that every ordinal {@code o} below the previous count is now {@code oldToNew[o]}, of {@code newCount}. */
    @FunctionalInterface
    public interface Relabeling {
        void relabel(int newCount, int[] oldToNew);
    }

    /** A document kept as a representative candidate, with its vector and squared distance to its centroid. */
    public record Candidate(long doc, float[] vector, double squaredDistance) {}

    private final int dims;
    private final int capacity;
    private final int bufferLimit;
    private final int candidatesPerCluster;
    private final long seed;
    private final SquaredDistance distance;
    private final Relabeling relabeling;

    private float[][] buffer;
    private long[] bufferDocs;
    private int buffered;

    private boolean clustering;
    private int size;
    private final float[][] centroids;
    private final double[][] sums;
    private final long[] counts;
    private final double[] sumSquares;
    private final List<List<Candidate>> candidates;
    private double assignedSquaredDistance;
    private long assigned;

    public MicroClusters(
        int dims,
        int capacity,
        int bufferLimit,
        int candidatesPerCluster,
        long seed,
        SquaredDistance distance,
        Relabeling relabeling
    ) {
        if (capacity < 2 || bufferLimit < capacity) {
            throw new IllegalArgumentException("capacity [" + capacity + "] must be >= 2 and <= the buffer [" + bufferLimit + "]");
        }
        this.dims = dims;
        this.capacity = capacity;
        this.bufferLimit = bufferLimit;
        this.candidatesPerCluster = candidatesPerCluster;
        this.seed = seed;
        this.distance = distance;
        this.relabeling = relabeling;
        this.buffer = new float[bufferLimit][];
        this.bufferDocs = new long[bufferLimit];
        this.centroids = new float[capacity][];
        this.sums = new double[capacity][];
        this.counts = new long[capacity];
        this.sumSquares = new double[capacity];
        this.candidates = new ArrayList<>(capacity);
    }

    /** An upper bound of the heap this summary uses, for a circuit breaker. */
    public static long bytesNeeded(int dims, int capacity, int bufferLimit, int candidatesPerCluster) {
        long vector = 16L + 4L * dims;
        long buffer = (long) bufferLimit * (vector + 8 + 8);
        long clusters = (long) capacity * (vector + 16L + 8L * dims + 16 + 64 + (long) candidatesPerCluster * (vector + 48));
        long merging = (long) capacity * (16L + 8L * capacity);
        return buffer + clusters + merging;
    }

    /**
     * Adds a vector (copied; the caller may reuse the array) of document {@code doc}.
     *
     * @return the ordinal the vector belongs to now
     */
    public int add(float[] vector, long doc) {
        if (vector.length != dims) {
            throw new IllegalArgumentException("expected a vector of [" + dims + "] dimensions but got [" + vector.length + "]");
        }
        if (clustering == false) {
            if (buffered < bufferLimit) {
                buffer[buffered] = vector.clone();
                bufferDocs[buffered] = doc;
                return buffered++;
            }
            clusterBuffer();
        }
        int nearest = 0;
        double nearestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < size; c++) {
            double d = distance.between(vector, centroids[c]);
            if (d < nearestDistance) {
                nearestDistance = d;
                nearest = c;
            }
        }
        boolean far = size == 0 || nearestDistance > FAR_FACTOR * assignedSquaredDistance / Math.max(1, assigned);
        if (far) {
            if (size == capacity) {
                merge(capacity * 3 / 4);
            }
            nearest = size++;
            centroids[nearest] = vector.clone();
            sums[nearest] = new double[dims];
            candidates.add(new ArrayList<>(candidatesPerCluster));
            nearestDistance = 0;
        }
        join(nearest, vector, doc, nearestDistance);
        return nearest;
    }

    /** Ends the stream: if everything still sits in the buffer, clusters it now. */
    public void finish() {
        if (clustering == false) {
            clusterBuffer();
        }
    }

    public int size() {
        return size;
    }

    public long count(int cluster) {
        return counts[cluster];
    }

    public double[] sum(int cluster) {
        return sums[cluster];
    }

    public double sumOfSquares(int cluster) {
        return sumSquares[cluster];
    }

    /** The kept documents nearest the cluster's centroid, nearest first. */
    public List<Candidate> candidates(int cluster) {
        return candidates.get(cluster);
    }

    private void join(int cluster, float[] vector, long doc, double squaredDistance) {
        counts[cluster]++;
        VectorMath.addScaled(sums[cluster], vector, 1);
        sumSquares[cluster] += VectorMath.dot(vector, vector);
        float[] centroid = centroids[cluster];
        double[] sum = sums[cluster];
        double n = counts[cluster];
        for (int d = 0; d < dims; d++) {
            centroid[d] = (float) (sum[d] / n);
        }
        assignedSquaredDistance += squaredDistance;
        assigned++;
        offerCandidate(candidates.get(cluster), vector, doc, squaredDistance);
    }

    private void offerCandidate(List<Candidate> kept, float[] vector, long doc, double squaredDistance) {
        if (candidatesPerCluster == 0) {
            return;
        }
        if (kept.size() == candidatesPerCluster) {
            if (kept.get(kept.size() - 1).squaredDistance() <= squaredDistance) {
                return;
            }
            kept.remove(kept.size() - 1);
        }
        Candidate candidate = new Candidate(doc, vector.clone(), squaredDistance);
        int at = 0;
        while (at < kept.size() && kept.get(at).squaredDistance() <= squaredDistance) {
            at++;
        }
        kept.add(at, candidate);
    }

    private void clusterBuffer() {
        clustering = true;
        int n = buffered;
        if (n == 0) {
            buffer = null;
            bufferDocs = null;
            return;
        }
        // The buffer is clustered in a canonical order (by vector, then document), not in the order the documents came:
        // k-means++ seeds by position, and the same documents reach a shard in another order on another copy (a
        // replica, another node's copy, a differently merged segment), which must not change the clusters.
        float[][] held = buffer;
        long[] heldDocs = bufferDocs;
        Integer[] byVector = new Integer[n];
        for (int i = 0; i < n; i++) {
            byVector[i] = i;
        }
        Arrays.sort(byVector, (a, b) -> {
            int c = Arrays.compare(held[a], held[b]);
            return c != 0 ? c : Long.compare(heldDocs[a], heldDocs[b]);
        });
        float[][] points = new float[n][];
        for (int j = 0; j < n; j++) {
            points[j] = held[byVector[j]];
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        KMeans.Result result = KMeans.cluster(points, ones, Math.max(1, capacity * 3 / 4), seed, BUFFER_ITERATIONS, distance);
        // k-means may leave a centroid without points in its last assignment: number the clusters that have points
        int[] renumber = new int[result.centroids().length];
        Arrays.fill(renumber, -1);
        int[] assignment = new int[n];
        for (int j = 0; j < n; j++) {
            int c = result.assignment()[j];
            if (renumber[c] < 0) {
                renumber[c] = size;
                centroids[size] = new float[dims];
                sums[size] = new double[dims];
                candidates.add(new ArrayList<>(candidatesPerCluster));
                size++;
            }
            int cluster = renumber[c];
            assignment[byVector[j]] = cluster;
            counts[cluster]++;
            VectorMath.addScaled(sums[cluster], points[j], 1);
            sumSquares[cluster] += VectorMath.dot(points[j], points[j]);
        }
        for (int c = 0; c < size; c++) {
            for (int d = 0; d < dims; d++) {
                centroids[c][d] = (float) (sums[c][d] / counts[c]);
            }
        }
        for (int j = 0; j < n; j++) {
            int i = byVector[j];
            double d = distance.between(points[j], centroids[assignment[i]]);
            assignedSquaredDistance += d;
            assigned++;
            offerCandidate(candidates.get(assignment[i]), points[j], heldDocs[i], d);
        }
        buffer = null;
        bufferDocs = null;
        relabeling.relabel(size, assignment);
    }

    /** Merges micro-clusters with Ward (weighted by count) until {@code target} remain. */
    private void merge(int target) {
        float[][] points = Arrays.copyOf(centroids, size);
        double[] weights = new double[size];
        for (int c = 0; c < size; c++) {
            weights[c] = counts[c];
        }
        int[] labels = Ward.cluster(points, weights, distance).labelsAt(target);
        int merged = 0;
        for (int label : labels) {
            merged = Math.max(merged, label + 1);
        }
        double[][] newSums = new double[merged][dims];
        long[] newCounts = new long[merged];
        double[] newSumSquares = new double[merged];
        List<List<Candidate>> pooled = new ArrayList<>(merged);
        for (int m = 0; m < merged; m++) {
            pooled.add(new ArrayList<>());
        }
        for (int c = 0; c < size; c++) {
            int m = labels[c];
            for (int d = 0; d < dims; d++) {
                newSums[m][d] += sums[c][d];
            }
            newCounts[m] += counts[c];
            newSumSquares[m] += sumSquares[c];
            pooled.get(m).addAll(candidates.get(c));
        }
        Arrays.fill(centroids, null);
        Arrays.fill(sums, null);
        Arrays.fill(counts, 0);
        Arrays.fill(sumSquares, 0);
        candidates.clear();
        for (int m = 0; m < merged; m++) {
            sums[m] = newSums[m];
            counts[m] = newCounts[m];
            sumSquares[m] = newSumSquares[m];
            centroids[m] = new float[dims];
            for (int d = 0; d < dims; d++) {
                centroids[m][d] = (float) (sums[m][d] / counts[m]);
            }
            List<Candidate> kept = new ArrayList<>(candidatesPerCluster);
            for (Candidate candidate : pooled.get(m)) {
                offerCandidate(kept, candidate.vector(), candidate.doc(), distance.between(candidate.vector(), centroids[m]));
            }
            candidates.add(kept);
        }
        size = merged;
        relabeling.relabel(merged, labels);
    }
}
