package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;
import java.util.SplittableRandom;

import org.latentarchive.vectors.testing.PlantedVectors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.*;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class MicroClustersTest {

    /** Seeded, so that a failure reproduces. */
    private static final SplittableRandom RANDOM = new SplittableRandom(20261201);

    /** Replays relabelings on the ordinals handed out, as the aggregator does with its bucket ordinals. */
    private static final class Ordinals implements MicroClusters.Relabeling {
        final List<Integer> ofVector = new ArrayList<>();

        @Override
        public void relabel(int newCount, int[] oldToNew) {
            for (int i = 0; i < ofVector.size(); i++) {
                ofVector.set(i, oldToNew[ofVector.get(i)]);
            }
        }
    }

    @Test
    void summariesAddUpAndOrdinalsFollowMerges() {
        PlantedVectors planted = PlantedVectors.generate(RANDOM.nextLong(), 3000, 16, 6, 0.05);
        Ordinals ordinals = new Ordinals();
        MicroClusters summary = new MicroClusters(16, 16, 64, 3, 0, SquaredDistance.PLAIN, ordinals);
        for (int i = 0; i < planted.size(); i++) {
            ordinals.ofVector.add(summary.add(planted.vectors()[i], i));
        }
        summary.finish();
        assertThat(summary.size(), lessThanOrEqualTo(16));
        long total = 0;
        for (int c = 0; c < summary.size(); c++) {
            total += summary.count(c);
            // what the ordinals say about cluster c equals its summary
            double[] sum = new double[16];
            long count = 0;
            for (int i = 0; i < planted.size(); i++) {
                if (ordinals.ofVector.get(i) == c) {
                    count++;
                    VectorMath.addScaled(sum, planted.vectors()[i], 1);
                }
            }
            assertThat(summary.count(c), equalTo(count));
            for (int d = 0; d < 16; d++) {
                assertThat(summary.sum(c)[d], closeTo(sum[d], 1e-6));
            }
            assertThat(summary.candidates(c).size(), equalTo((int) Math.min(3, count)));
        }
        assertThat(total, equalTo((long) planted.size()));
        // well separated groups never share a micro-cluster
        for (int c = 0; c < summary.size(); c++) {
            Set<Integer> labels = new HashSet<>();
            for (int i = 0; i < planted.size(); i++) {
                if (ordinals.ofVector.get(i) == c) {
                    labels.add(planted.labels()[i]);
                }
            }
            assertThat(labels.size(), lessThanOrEqualTo(1));
        }
    }

    @Test
    void groupsTheBufferNeverSawStillGetTheirOwnMicroClusters() {
        // sorted by label: the buffer sees only the first group
        PlantedVectors planted = PlantedVectors.generate(RANDOM.nextLong(), 2000, 8, 20, 0.01);
        Ordinals ordinals = new Ordinals();
        MicroClusters summary = new MicroClusters(8, 8, 16, 1, 0, SquaredDistance.PLAIN, ordinals);
        List<Integer> order = new ArrayList<>();
        for (int label = 0; label < 20; label++) {
            for (int i = 0; i < planted.size(); i++) {
                if (planted.labels()[i] == label) {
                    order.add(i);
                }
            }
        }
        List<Integer> labelOfVector = new ArrayList<>();
        for (int i : order) {
            ordinals.ofVector.add(summary.add(planted.vectors()[i], i));
            labelOfVector.add(planted.labels()[i]);
        }
        summary.finish();
        long total = 0;
        for (int c = 0; c < summary.size(); c++) {
            total += summary.count(c);
        }
        assertThat(total, equalTo(2000L));
        // 20 groups in at most 8 micro-clusters: the later groups were merged, but the last group (still fresh) is pure
        int lastOrdinal = ordinals.ofVector.get(ordinals.ofVector.size() - 1);
        for (int i = 0; i < ordinals.ofVector.size(); i++) {
            if (ordinals.ofVector.get(i) == lastOrdinal) {
                assertThat(labelOfVector.get(i), equalTo(19));
            }
        }
    }

    @Test
    void theSameDocumentsInAnotherOrderGiveTheSameMicroClusters() {
        // as a replica or another node's copy of a shard holds them: the same documents, in another order
        PlantedVectors planted = PlantedVectors.generate(RANDOM.nextLong(), 300, 8, 6, 0.2);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < planted.size(); i++) {
            order.add(i);
        }
        List<String> summaries = new ArrayList<>();
        for (long shuffle : new long[] {1, 2}) {
            java.util.Collections.shuffle(order, new java.util.Random(shuffle));
            Ordinals ordinals = new Ordinals();
            MicroClusters summary = new MicroClusters(8, 32, 1024, 2, 7, SquaredDistance.PLAIN, ordinals);
            for (int i : order) {
                ordinals.ofVector.add(summary.add(planted.vectors()[i], i));
            }
            summary.finish();
            List<String> clusters = new ArrayList<>();
            for (int c = 0; c < summary.size(); c++) {
                clusters.add(summary.count(c) + " " + java.util.Arrays.toString(summary.sum(c)) + " "
                    + summary.candidates(c).stream().map(MicroClusters.Candidate::doc).toList());
            }
            java.util.Collections.sort(clusters);
            summaries.add(String.join("\n", clusters));
        }
        assertThat(summaries.get(1), equalTo(summaries.get(0)));
    }
}
