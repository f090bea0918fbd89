package org.latentarchive.plugin.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where approximate {@code vector_neighbours} takes its candidates from, before they are scored exactly.
 *
 * <ul>
 * <li>{@code hnsw}: the field's HNSW graph (for farthest: the nearest to the negated vector, which are the farthest
 * under cosine, dot_product and max_inner_product; not l2_norm).</li>
 * <li>{@code quantized}: one pass over the quantized vectors the index keeps for int8, int4 and bbq index types,
 * keeping the best {@code num_candidates} per segment ({@link QuantizedPassQuery}).</li>
 * <li>{@code auto}: {@code quantized} for farthest on a field that keeps quantized vectors, {@code hnsw} otherwise.</li>
 * </ul>
 */
public enum CandidateSource {
    AUTO,
    HNSW,
    QUANTIZED;

    public static CandidateSource fromName(String name) {
        for (CandidateSource s : values()) {
            if (s.displayName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown [" + VectorNeighboursQueryBuilder.CANDIDATE_SOURCE.getPreferredName() + "] [" + name
            + "], expected one of " + Arrays.stream(values()).map(CandidateSource::displayName).collect(Collectors.joining(", ", "[", "]")));
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
