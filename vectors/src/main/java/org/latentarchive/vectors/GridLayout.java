package org.latentarchive.vectors;

import java.util.Arrays;

/**
 * The prototype's "projection-influenced grid" over a whole collection: every point gets its own cell of a grid of
 * {@code columns} columns, filled greedily row by row: while points remain, the {@code columns} with the largest y
 * form the next row (row 0 = highest y), sorted by x from left to right. Neighbours in the projection end up near
 * each other in the grid, and no two points share a cell. Ties break by index, so the grid is the same on every run.
 */
public final class GridLayout {

    /** cells[i] = row * columns + column of point i. */
    public record Cells(int columns, int rows, int[] column, int[] row) {
    }

    private GridLayout() {
    }

    /** The grid of about the layout's aspect: {@code ceil(sqrt(n))} columns. */
    public static Cells square(float[] x, float[] y) {
        return fill(x, y, Math.max(1, (int) Math.ceil(Math.sqrt(x.length))));
    }

    public static Cells fill(float[] x, float[] y, int columns) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("[" + x.length + "] x but [" + y.length + "] y");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1");
        }
        int n = x.length;
        Integer[] byY = new Integer[n];
        for (int i = 0; i < n; i++) {
            byY[i] = i;
        }
        Arrays.sort(byY, (a, b) -> {
            int c = Float.compare(y[b], y[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] column = new int[n];
        int[] row = new int[n];
        int rows = (n + columns - 1) / columns;
        for (int r = 0; r < rows; r++) {
            int start = r * columns;
            Integer[] members = Arrays.copyOfRange(byY, start, Math.min(n, start + columns));
            Arrays.sort(members, (a, b) -> {
                int c = Float.compare(x[a], x[b]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            for (int c = 0; c < members.length; c++) {
                column[members[c]] = c;
                row[members[c]] = r;
            }
        }
        return new Cells(columns, rows, column, row);
    }
}
