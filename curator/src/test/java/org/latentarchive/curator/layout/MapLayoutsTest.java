package org.latentarchive.curator.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latentarchive.curator.VectorTable;

/**
 * The layouts of three well-apart groups of directions (300 vectors of 64 dims): every layout keeps each group
 * together and apart from the others, k-means finds the groups, the grid gives every artwork its own cell, and all
 * positions lie in [0, 1].
 */
class MapLayoutsTest {

    private static final int GROUPS = 3;
    private static final int PER_GROUP = 100;

    @Test
    void everyLayoutKeepsEachGroupTogetherAndKMeansFindsThem() {
        VectorTable table = groups();
        LayoutOptions options = new LayoutOptions(List.of(LayoutMethod.values()), GROUPS, 10, 5000, 0, 15, 30, 500, 2);
        List<Double> progress = new ArrayList<>();
        MapLayouts.Result result = MapLayouts.compute(table, options, (f, m) -> progress.add(f));
        assertEquals(Set.of(LayoutMethod.values()), result.layouts().keySet());
        for (var entry : result.layouts().entrySet()) {
            MapLayouts.Positions p = entry.getValue();
            for (int i = 0; i < table.size(); i++) {
                assertTrue(p.x()[i] >= 0 && p.x()[i] <= 1 && p.y()[i] >= 0 && p.y()[i] <= 1, entry.getKey() + " in [0, 1]");
            }
            double within = meanDistance(p, true);
            double between = meanDistance(p, false);
            // the grid spreads every artwork evenly over its cells, so its groups are bands that touch: less apart
            double factor = entry.getKey() == LayoutMethod.GRID ? 1.5 : 2;
            assertTrue(within * factor < between, entry.getKey() + ": within a group " + within + ", between groups " + between);
        }
        // k-means: one cluster per group, each group in one cluster
        for (int g = 0; g < GROUPS; g++) {
            Set<Integer> clusters = new HashSet<>();
            for (int i = g * PER_GROUP; i < (g + 1) * PER_GROUP; i++) {
                clusters.add(result.clusters()[i]);
            }
            assertEquals(1, clusters.size(), "group " + g + " lies in one cluster");
        }
        MapLayouts.Positions grid = result.layouts().get(LayoutMethod.GRID);
        Set<String> cells = new HashSet<>();
        for (int i = 0; i < table.size(); i++) {
            cells.add(grid.x()[i] + "," + grid.y()[i]);
        }
        assertEquals(table.size(), cells.size(), "each artwork its own grid cell");
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back");
        }
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> LayoutMethod.parse("spiral"));
        assertEquals(List.of(LayoutMethod.UMAP, LayoutMethod.PCA), LayoutMethod.parseAll(List.of("umap,pca", "umap")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new LayoutOptions(List.of(LayoutMethod.PCA), 0, 50, 5000, 0, 15, 30, 1000, 1));
        assertTrue(e.getMessage().contains("clusters"), e.getMessage());
    }

    /** Mean distance between points of the same group (or of different groups). */
    private static double meanDistance(MapLayouts.Positions p, boolean sameGroup) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < p.x().length; i += 3) {
            for (int j = i + 1; j < p.x().length; j += 3) {
                if ((i / PER_GROUP == j / PER_GROUP) == sameGroup) {
                    sum += Math.hypot(p.x()[i] - p.x()[j], p.y()[i] - p.y()[j]);
                    count++;
                }
            }
        }
        return sum / count;
    }

    private static VectorTable groups() {
        SplittableRandom random = new SplittableRandom(5);
        int dims = 64;
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            for (int i = 0; i < PER_GROUP; i++) {
                float[] v = new float[dims];
                for (int d = 0; d < dims; d++) {
                    // each group points along its own block of dimensions, with a little noise everywhere
                    v[d] = (float) ((d / 16 == g ? 1.0 : 0.0) + 0.05 * gaussian(random));
                }
                ids.add("a" + (g * PER_GROUP + i));
                vectors.add(v);
            }
        }
        return new VectorTable(ids, vectors);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
