package org.latentarchive.curator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackingTest {

    @Test
    void whitenedComponentsAreUncorrelatedWithUnitVariance() {
        for (VectorTable table : List.of(PlantedGroups.generate(4, 10, 3, 20, 2, 1, 5).vectors(), // wide: Gram route
            PlantedGroups.generate(4, 30, 3, 5, 2, 1, 5).vectors())) {                          // tall: covariance route
            VectorTable reduced = Stacking.whitened(table, 4);

            assertEquals(4, reduced.dims());
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    assertEquals(a == b ? 1 : 0, covariance(reduced, a, b), 1e-6, "covariance of components " + a + ", " + b);
                }
            }
        }
    }

    @Test
    void stackingConcatenatesThePartsOverTheArtworksTheyShare() {
        VectorTable a = new VectorTable(List.of("x", "y", "z"), List.of(new float[] {1, 2}, new float[] {3, 4}, new float[] {5, 6}));
        VectorTable b = new VectorTable(List.of("z", "x"), List.of(new float[] {9}, new float[] {7}));

        VectorTable stacked = Stacking.stack(List.of(a, b), List.of(Stacking.Part.parse("vectors.a"), Stacking.Part.parse("vectors.b")));

        assertEquals(List.of("x", "z"), stacked.ids());
        assertArrayEquals(new float[] {1, 2, 7}, stacked.vector(0));
        assertArrayEquals(new float[] {5, 6, 9}, stacked.vector(1));
    }

    @Test
    void partSpecificationsNameTheFieldAndOptionallyItsComponents() {
        assertEquals(new Stacking.Part("vectors.a", Optional.empty()), Stacking.Part.parse("vectors.a"));
        assertEquals(new Stacking.Part("vectors.a", Optional.of(0.9)), Stacking.Part.parse("vectors.a:0.9"));
        assertEquals(new Stacking.Part("vectors.a", Optional.of(32.0)), Stacking.Part.parse("vectors.a:32"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Stacking.Part.parse("vectors.a:many"))
            .getMessage().contains("FIELD:COMPONENTS"));
    }

    private static double covariance(VectorTable t, int a, int b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < t.size(); i++) {
            ma += t.vector(i)[a] / (double) t.size();
            mb += t.vector(i)[b] / (double) t.size();
        }
        double sum = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += (t.vector(i)[a] - ma) * (t.vector(i)[b] - mb);
        }
        return sum / (t.size() - 1);
    }
}
