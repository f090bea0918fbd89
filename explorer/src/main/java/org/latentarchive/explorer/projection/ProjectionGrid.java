package org.latentarchive.explorer.projection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The prototype's "projection-influenced grid": while points remain, the {@code perRow} points with the largest y
 * form the next row (top row = highest y), sorted by x from left to right. Neighbours in the projection end up
 * near each other in the grid, with no overlap.
 */
public final class ProjectionGrid {

    private ProjectionGrid() {
    }

    /** Indices of {@code points} in grid order, row by row. */
    public static List<Integer> order(double[][] points, int perRow) {
        if (perRow < 1) {
            throw new IllegalArgumentException("perRow must be at least 1");
        }
        List<Integer> remaining = new ArrayList<>(IntStream.range(0, points.length).boxed().toList());
        remaining.sort(Comparator.<Integer>comparingDouble(i -> -points[i][1]).thenComparingInt(i -> i));
        List<Integer> order = new ArrayList<>(points.length);
        for (int start = 0; start < remaining.size(); start += perRow) {
            List<Integer> row = new ArrayList<>(remaining.subList(start, Math.min(remaining.size(), start + perRow)));
            row.sort(Comparator.<Integer>comparingDouble(i -> points[i][0]).thenComparingInt(i -> i));
            order.addAll(row);
        }
        return order;
    }
}
