package org.latentarchive.plugin.agg;

import java.util.HashMap;
import java.util.Map;

/** The adjusted Rand index of two labelings (1 = the same partition, about 0 = chance), as scikit-learn defines it. */
final class AdjustedRandIndex {

    private AdjustedRandIndex() {}

    static double of(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("labelings differ in length");
        }
        Map<Long, Long> pairs = new HashMap<>();
        Map<Integer, Long> rows = new HashMap<>();
        Map<Integer, Long> columns = new HashMap<>();
        for (int i = 0; i < truth.length; i++) {
            pairs.merge(((long) truth[i] << 32) | (predicted[i] & 0xffffffffL), 1L, Long::sum);
            rows.merge(truth[i], 1L, Long::sum);
            columns.merge(predicted[i], 1L, Long::sum);
        }
        double index = pairs.values().stream().mapToDouble(AdjustedRandIndex::choose2).sum();
        double a = rows.values().stream().mapToDouble(AdjustedRandIndex::choose2).sum();
        double b = columns.values().stream().mapToDouble(AdjustedRandIndex::choose2).sum();
        double expected = a * b / choose2(truth.length);
        double max = (a + b) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    private static double choose2(long n) {
        return n * (n - 1) / 2.0;
    }
}
