package org.latentarchive.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeanRankTest {

    /**
     * Anchor (1, 0). Cosine to the anchor: p 0.6; o1 (1, 0.1) 0.995 and o2 (0.8, 0.6) 0.8 are closer than p; the
     * others are farther: o3 (0, 1) 0, o4 (-1, 0) -1, o5 (0.5, 1) 0.447, o6 (-1, 1) -0.707, o7 (0.2, 1) 0.196.
     * So the positive ranks 3rd.
     */
    private static final Map<String, float[]> SPACE = new LinkedHashMap<>();

    static {
        SPACE.put("a", new float[] {1, 0});
        SPACE.put("p", new float[] {0.6f, 0.8f});
        SPACE.put("o1", new float[] {1, 0.1f});
        SPACE.put("o2", new float[] {0.8f, 0.6f});
        SPACE.put("o3", new float[] {0, 1});
        SPACE.put("o4", new float[] {-1, 0});
        SPACE.put("o5", new float[] {0.5f, 1});
        SPACE.put("o6", new float[] {-1, 1});
        SPACE.put("o7", new float[] {0.2f, 1});
    }

    private static final VectorTable TABLE = VectorTable.of(SPACE);

    @Test
    void thePositiveRanksAfterTheCandidatesMoreSimilarToTheAnchor() {
        Annotation line = Annotation.parse("a,p,o1,o2,o3,o4,o5,o6,o7");

        assertEquals(3.0, MeanRank.rank(line, TABLE).orElseThrow());
    }

    @Test
    void meanAndStandardErrorOverLinesByHand() {
        // line 1: rank 3 (above). Line 2: anchor o2 (0.8, 0.6), positive o1 (cos 0.856); closer are p (0.96) and
        // o5 (0.894); a 0.8, o7 0.745 and the rest are farther: rank 3. Line 3: same anchor, positive p: rank 1.
        AnnotationSet set = new AnnotationSet(List.of(
            Annotation.parse("a,p,o1,o2,o3,o4,o5,o6,o7"),
            Annotation.parse("o2,o1,p,a,o3,o4,o5,o6,o7"),
            Annotation.parse("o2,p,o1,a,o3,o4,o5,o6,o7")));

        MeanRank.Result result = MeanRank.evaluate("by hand", set, TABLE);

        assertEquals(3, result.lines());
        assertEquals(0, result.skipped());
        assertEquals(7.0 / 3, result.mean(), 1e-12);
        // ranks 3, 3, 1: sample variance ((2/3)^2 * 2 + (4/3)^2) / 2 = 4/3; s.e. = sqrt(4/3) / sqrt(3) = 2/3
        assertEquals(2.0 / 3, result.standardError(), 1e-12);
    }

    @Test
    void aSpaceThatSeesNoDifferenceScoresChance() {
        Map<String, float[]> flat = new LinkedHashMap<>();
        for (String id : SPACE.keySet()) {
            flat.put(id, new float[] {1, 1});
        }

        assertEquals(MeanRank.CHANCE, MeanRank.rank(Annotation.parse("a,p,o1,o2,o3,o4,o5,o6,o7"), VectorTable.of(flat)).orElseThrow());
    }

    @Test
    void linesNamingArtworksWithoutVectorsAreSkippedAndCounted() {
        AnnotationSet set = new AnnotationSet(List.of(
            Annotation.parse("a,p,o1,o2,o3,o4,o5,o6,o7"),
            Annotation.parse("a,p,o1,o2,o3,o4,o5,o6,missing")));

        MeanRank.Result result = MeanRank.evaluate("partial", set, TABLE);

        assertEquals(1, result.lines());
        assertEquals(1, result.skipped());
        assertEquals(3.0, result.mean());
    }

    @Test
    void chanceIsFourAndAHalfWithItsStandardError() {
        MeanRank.Result chance = MeanRank.Result.chance(500);

        assertEquals(4.5, chance.mean());
        // sqrt(63/12) / sqrt(500): the prototype spec's 0.10 for 500 lines
        assertEquals(0.1025, chance.standardError(), 1e-4);
    }
}
