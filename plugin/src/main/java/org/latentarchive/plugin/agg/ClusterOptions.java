package org.latentarchive.plugin.agg;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;

import java.io.IOException;
import java.util.Locale;

/**
 * What a vector_clusters request asked for, apart from the field: it travels from the builder to every shard and with
 * every shard's result, so that the reduce needs nothing else to finish the clustering.
 */
public record ClusterOptions(
    int k,
    Algorithm algorithm,
    long seed,
    int maxIterations,
    int representatives,
    boolean centroids,
    boolean positions,
    boolean dendrogram,
    int microClusters
) implements Writeable {

    public static final int MAX_K = 1000;
    public static final int MAX_ITERATIONS = 10_000;
    public static final int MAX_REPRESENTATIVES = 100;
    /** The most micro-clusters a request may ask each shard to keep ({@code micro_clusters}). */
    public static final int MAX_MICRO_CLUSTERS = 4096;

    public enum Algorithm {
        KMEANS,
        WARD;

        public static Algorithm fromString(String name) {
            for (Algorithm algorithm : values()) {
                if (algorithm.toString().equals(name)) {
                    return algorithm;
                }
            }
            throw new IllegalArgumentException("unknown [algorithm] [" + name + "]: expected [kmeans] or [ward]");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ClusterOptions DEFAULTS = new ClusterOptions(8, Algorithm.KMEANS, 0, 50, 5, false, true, false);

    public ClusterOptions {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("[k] must be between 1 and " + MAX_K + " but was [" + k + "]");
        }
        if (maxIterations < 1 || maxIterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                "[max_iterations] must be between 1 and " + MAX_ITERATIONS + " but was [" + maxIterations + "]"
            );
        }
        if (representatives < 0 || representatives > MAX_REPRESENTATIVES) {
            throw new IllegalArgumentException(
                "[representatives] must be between 0 and " + MAX_REPRESENTATIVES + " but was [" + representatives + "]"
            );
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("[algorithm] must be [kmeans] or [ward]");
        }
        if (microClusters < 0 || microClusters > MAX_MICRO_CLUSTERS) {
            throw new IllegalArgumentException("[micro_clusters] must be 0 (chosen from k) or between 2k and " + MAX_MICRO_CLUSTERS
                + " but was [" + microClusters + "]");
        }
    }

    /** Options with the micro-clusters chosen from k. */
    public ClusterOptions(int k, Algorithm algorithm, long seed, int maxIterations, int representatives, boolean centroids,
        boolean positions, boolean dendrogram) {
        this(k, algorithm, seed, maxIterations, representatives, centroids, positions, dendrogram, 0);
    }

    /**
     * Fails where the options cannot go together (checked once a request is complete, so that the order of its fields
     * does not matter): a shard must keep at least 2k micro-clusters.
     */
    public void validateTogether() {
        if (microClusters != 0 && microClusters < 2 * k) {
            throw new IllegalArgumentException("[micro_clusters] must be at least 2k (" + 2 * k + " for k " + k + ") but was ["
                + microClusters + "]");
        }
    }

    public ClusterOptions(StreamInput in) throws IOException {
        this(
            in.readVInt(),
            in.readEnum(Algorithm.class),
            in.readLong(),
            in.readVInt(),
            in.readVInt(),
            in.readBoolean(),
            in.readBoolean(),
            in.readBoolean(),
            in.readVInt()
        );
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVInt(k);
        out.writeEnum(algorithm);
        out.writeLong(seed);
        out.writeVInt(maxIterations);
        out.writeVInt(representatives);
        out.writeBoolean(centroids);
        out.writeBoolean(positions);
        out.writeBoolean(dendrogram);
        out.writeVInt(microClusters);
    }

    public ClusterOptions withK(int value) {
        return new ClusterOptions(value, algorithm, seed, maxIterations, representatives, centroids, positions, dendrogram, microClusters);
    }

    public ClusterOptions withAlgorithm(Algorithm value) {
        return new ClusterOptions(k, value, seed, maxIterations, representatives, centroids, positions, dendrogram, microClusters);
    }

    public ClusterOptions withSeed(long value) {
        return new ClusterOptions(k, algorithm, value, maxIterations, representatives, centroids, positions, dendrogram, microClusters);
    }

    public ClusterOptions withMaxIterations(int value) {
        return new ClusterOptions(k, algorithm, seed, value, representatives, centroids, positions, dendrogram, microClusters);
    }

    public ClusterOptions withRepresentatives(int value) {
        return new ClusterOptions(k, algorithm, seed, maxIterations, value, centroids, positions, dendrogram, microClusters);
    }

    public ClusterOptions withCentroids(boolean value) {
        return new ClusterOptions(k, algorithm, seed, maxIterations, representatives, value, positions, dendrogram, microClusters);
    }

    public ClusterOptions withPositions(boolean value) {
        return new ClusterOptions(k, algorithm, seed, maxIterations, representatives, centroids, value, dendrogram, microClusters);
    }

    public ClusterOptions withMicroClusters(int value) {
        return new ClusterOptions(k, algorithm, seed, maxIterations, representatives, centroids, positions, dendrogram, value);
    }

    public ClusterOptions withDendrogram(boolean value) {
        return new ClusterOptions(k, algorithm, seed, maxIterations, representatives, centroids, positions, value, microClusters);
    }

    /**
     * How many micro-clusters a shard keeps: enough for the reduce to choose among (several per final cluster), few
     * enough that assigning each document stays cheap; at least 2k, so that one shard alone, which keeps three quarters
     * of its capacity after merging, still has k. A request may ask for more ({@code micro_clusters}): finer summaries
     * let the reduce fit overlapping groups better, at the cost of assigning each document to more of them and of
     * sending more to the reduce.
     */
    public int microClusterCapacity() {
        if (microClusters > 0) {
            return Math.max(2 * k, microClusters);
        }
        return Math.max(2 * k, Math.min(256, Math.max(64, 4 * k)));
    }

    /** How many vectors a shard buffers before it forms its first micro-clusters. */
    public int bufferLimit() {
        return Math.max(1024, 4 * microClusterCapacity());
    }
}
