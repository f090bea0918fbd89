package org.latentarchive.curator;

import org.latentarchive.vectors.VectorMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The prototype's measure of how well a vector space agrees with the curators: for each annotation, the rank
 * (1..8) of the positive among the eight candidates ordered by cosine similarity to the anchor, averaged over the
 * lines. 1 is perfect agreement, 8 the opposite, and a space that knows nothing ranks the positive uniformly on
 * 1..8: 4.5.
 */
public final class MeanRank {

    /** The expected rank of a random ordering of eight candidates. */
    public static final double CHANCE = 4.5;
    /** The standard deviation of one line's rank under chance: sqrt((8^2 - 1) / 12). */
    public static final double CHANCE_SD = Math.sqrt((64.0 - 1) / 12);

    private MeanRank() {
    }

    /**
     * The rank of {@code candidates.get(0)} (the positive) among all candidates by cosine similarity to the anchor.
     * A candidate exactly as similar as the positive counts half (the mid-rank), so that ties neither flatter nor
     * punish a space, and a space that maps everything to one point scores chance, 4.5.
     */
    public static double rank(float[] anchor, List<float[]> candidates) {
        double positive = VectorMath.cosine(anchor, candidates.get(0));
        double rank = 1;
        for (int i = 1; i < candidates.size(); i++) {
            double similarity = VectorMath.cosine(anchor, candidates.get(i));
            if (similarity > positive) {
                rank += 1;
            } else if (similarity == positive) {
                rank += 0.5;
            }
        }
        return rank;
    }

    /** Mean rank of the annotations in {@code vectors}; lines naming an artwork without a vector are skipped and counted. */
    public static Result evaluate(String label, AnnotationSet annotations, VectorTable vectors) {
        List<Double> ranks = new ArrayList<>();
        int skipped = 0;
        for (Annotation annotation : annotations.annotations()) {
            Optional<Double> rank = rank(annotation, vectors);
            if (rank.isPresent()) {
                ranks.add(rank.get());
            } else {
                skipped++;
            }
        }
        return Result.of(label, ranks, skipped);
    }

    /** One annotation's rank, or empty when an artwork of it has no vector in the table. */
    public static Optional<Double> rank(Annotation annotation, VectorTable vectors) {
        Optional<float[]> anchor = vectors.get(annotation.anchor());
        if (anchor.isEmpty()) {
            return Optional.empty();
        }
        List<float[]> candidates = new ArrayList<>(Annotation.OTHERS + 1);
        for (String id : annotation.candidates()) {
            Optional<float[]> candidate = vectors.get(id);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            candidates.add(candidate.get());
        }
        return Optional.of(rank(anchor.get(), candidates));
    }

    /**
     * A mean rank over {@code lines} annotation lines with its standard error (sample standard deviation over
     * sqrt(lines)); {@code skipped} lines named artworks without a vector.
     */
    public record Result(String label, int lines, int skipped, double mean, double standardError) {

        static Result of(String label, List<Double> ranks, int skipped) {
            int n = ranks.size();
            double mean = ranks.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double squares = 0;
            for (double rank : ranks) {
                squares += (rank - mean) * (rank - mean);
            }
            double standardError = n > 1 ? Math.sqrt(squares / (n - 1)) / Math.sqrt(n) : Double.NaN;
            return new Result(label, n, skipped, mean, standardError);
        }

        /** What a space that knows nothing scores on {@code lines} lines: 4.5, standard error 2.29/sqrt(lines). */
        public static Result chance(int lines) {
            return new Result("chance", lines, 0, CHANCE, lines > 0 ? CHANCE_SD / Math.sqrt(lines) : Double.NaN);
        }
    }
}
