package org.latentarchive.explorer.map;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One stored layout of one space, whole, in compact arrays (row i = the i-th artwork by id): what the map answers
 * a filtered subset from, without asking Elasticsearch for more than the subset's ids. About 70 bytes an artwork
 * plus its id, title and artist, so 100,000 artworks take some 20 MB; {@link MapService} keeps a few.
 *
 * <p>Each artwork also has a slot in the thumbnail atlases, in the Hilbert-curve order of its position: artworks near
 * each other on the map share an atlas, so a zoom into one region loads few of them.
 */
final class MapLayout {

    /** Each thumbnail's cell is CELL x CELL pixels. */
    static final int CELL = 64;
    /** An atlas has at most this many columns (and rows) of cells: 2048 x 2048 pixels. */
    static final int MAX_COLUMNS = 32;
    private static final int HILBERT_ORDER = 16;

    /** The atlases' shape: cell size, image size, cells per atlas, how many atlases. */
    record Atlas(int cell, int size, int perAtlas, int count) {
    }

    final String field;
    final String layout;
    final String version;
    final String[] ids;
    final String[] titles;
    final String[] artists;
    /** dating.start_year, or {@link Integer#MIN_VALUE} when unknown. */
    final int[] years;
    final float[] x;
    final float[] y;
    final short[] cluster;
    /** The start of each artwork's image SHA-256 (0 when unknown): what its cached atlas tile is keyed by. */
    final long[] image;
    final int[] slot;
    /** bySlot[s]: the row in slot s. */
    final int[] bySlot;
    final Atlas atlas;
    private final Map<String, Integer> rows;
    /** Each cluster's label, from all its members: the same whatever subset the map shows. */
    final Map<Integer, String> clusterLabels;
    /** The whole layout as a subset, and its encoded answers: what a map without filters asks for, made once. */
    private MapService.Subset whole;
    private final Map<String, byte[]> wholeAnswers = new HashMap<>();

    MapLayout(String field, String layout, String version, String[] ids, String[] titles, String[] artists, int[] years,
              float[] x, float[] y, short[] cluster, long[] image) {
        this.field = field;
        this.layout = layout;
        this.version = version;
        this.ids = ids;
        this.titles = titles;
        this.artists = artists;
        this.years = years;
        this.x = x;
        this.y = y;
        this.cluster = cluster;
        this.clusterLabels = MapService.clusterLabels(cluster, artists, years);
        this.image = image;
        int n = ids.length;
        this.rows = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            rows.put(ids[i], i);
        }
        long[] keys = new long[n];
        int side = 1 << HILBERT_ORDER;
        for (int i = 0; i < n; i++) {
            int hx = Math.min(side - 1, (int) (x[i] * side));
            int hy = Math.min(side - 1, (int) (y[i] * side));
            keys[i] = (hilbert(hx, hy, side) << 20) | i;
        }
        Arrays.sort(keys);
        this.slot = new int[n];
        this.bySlot = new int[n];
        for (int s = 0; s < n; s++) {
            int row = (int) (keys[s] & ((1 << 20) - 1));
            slot[row] = s;
            bySlot[s] = row;
        }
        int columns = Math.max(1, Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(n))));
        int per = columns * columns;
        this.atlas = new Atlas(CELL, columns * CELL, per, Math.max(1, (n + per - 1) / per));
    }

    synchronized MapService.Subset whole(java.util.function.Supplier<MapService.Subset> make) {
        if (whole == null) {
            whole = make.get();
        }
        return whole;
    }

    /** An answer for the whole layout (binary body, JSON, labels), encoded once. */
    synchronized byte[] wholeAnswer(String kind, java.util.function.Supplier<byte[]> encode) {
        return wholeAnswers.computeIfAbsent(kind, k -> encode.get());
    }

    int size() {
        return ids.length;
    }

    /** The row of an artwork id, or -1 when the layout does not hold it. */
    int row(String id) {
        Integer row = rows.get(id);
        return row == null ? -1 : row;
    }

    /** Position along the Hilbert curve of a side x side grid (side a power of two): nearby cells, nearby positions. */
    static long hilbert(int x, int y, int side) {
        long d = 0;
        for (int s = side / 2; s > 0; s /= 2) {
            int rx = (x & s) > 0 ? 1 : 0;
            int ry = (y & s) > 0 ? 1 : 0;
            d += (long) s * s * ((3 * rx) ^ ry);
            if (ry == 0) {
                if (rx == 1) {
                    x = s - 1 - x;
                    y = s - 1 - y;
                }
                int t = x;
                x = y;
                y = t;
            }
        }
        return d;
    }
}
