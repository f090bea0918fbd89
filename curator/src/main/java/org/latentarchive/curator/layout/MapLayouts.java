package org.latentarchive.curator.layout;

import de.javagl.tsne.Tsne;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.latentarchive.curator.VectorTable;
import org.latentarchive.vectors.GridLayout;
import org.latentarchive.vectors.KMeans;
import org.latentarchive.vectors.PcaBasis;
import tagbio.umap.Umap;

/**
 * The layouts of one vector space, computed from its vectors alone (no Elasticsearch): the vectors are scaled to
 * unit length (the space's similarity is cosine), reduced to about 50 principal axes, and laid out from there, as
 * the authors of UMAP and t-SNE recommend; the clusters are k-means on the same reduction. Every layout is scaled
 * into [0, 1] keeping its aspect, with y growing downwards (the screen's convention).
 */
public final class MapLayouts {

    /** How far the job has come, 0..1, and what it is doing. */
    public interface Progress {
        void report(double fraction, String message);
    }

    /** One layout: x[i], y[i] of artwork i, in [0, 1], and what it cost. */
    public record Positions(float[] x, float[] y, long millis) {
    }

    /** Every computed layout and the clusters, row i of each for artwork {@code ids.get(i)}. */
    public record Result(List<String> ids, Map<LayoutMethod, Positions> layouts, int[] clusters, int k,
                         long reduceMillis, long clusterMillis) {
    }

    private MapLayouts() {
    }

    public static Result compute(VectorTable table, LayoutOptions options, Progress progress) {
        int n = table.size();
        if (n == 0) {
            throw new IllegalArgumentException("no artworks to lay out");
        }
        progress.report(0.02, "reducing " + n + " vectors of " + table.dims() + " dims to " + options.reducedDims() + " principal axes");
        long start = System.nanoTime();
        PcaBasis basis = PcaBasis.fit(table.rows(), options.reducedDims(), options.pcaSample(), options.seed(), true);
        float[][] reduced = basis.project(table.rows(), false);
        long reduceMillis = millisSince(start);

        progress.report(0.10, "k-means, k = " + options.clusters());
        start = System.nanoTime();
        int k = Math.min(options.clusters(), n);
        int[] clusters = bySize(KMeans.cluster(reduced, ones(n), k, options.seed(), 100).assignment(), k);
        long clusterMillis = millisSince(start);

        Map<LayoutMethod, Positions> layouts = new EnumMap<>(LayoutMethod.class);
        double share = 0.85 / options.methods().size();
        double done = 0.12;
        Positions gridSource = null;
        List<LayoutMethod> order = new ArrayList<>(options.methods());
        // the grid is filled from another layout: compute it last
        if (order.remove(LayoutMethod.GRID)) {
            order.add(LayoutMethod.GRID);
        }
        for (LayoutMethod method : order) {
            progress.report(done, "laying out " + n + " artworks by " + method.key());
            start = System.nanoTime();
            double base = done;
            Positions p = switch (method) {
                case PCA -> pca(basis, reduced);
                case UMAP -> umap(reduced, options);
                case TSNE -> tsne(reduced, options, f -> progress.report(base + share * f, "t-SNE, " + Math.round(f * 100) + " %"));
                case GRID -> grid(gridSource != null ? gridSource : pca(basis, reduced));
            };
            p = new Positions(p.x(), p.y(), millisSince(start));
            layouts.put(method, p);
            if (method == LayoutMethod.TSNE || method == LayoutMethod.UMAP && gridSource == null) {
                gridSource = p;
            }
            done += share;
        }
        return new Result(table.ids(), layouts, clusters, k, reduceMillis, clusterMillis);
    }

    private static Positions pca(PcaBasis basis, float[][] reduced) {
        // the first two reduced coordinates are the first two principal axes; whitening them is a scaling per axis
        double[] variances = basis.variances();
        int n = reduced.length;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (reduced[i][0] / Math.sqrt(Math.max(variances[0], 1e-30)));
            y[i] = variances.length > 1 ? (float) (reduced[i][1] / Math.sqrt(Math.max(variances[1], 1e-30))) : 0f;
        }
        return normalised(x, y);
    }

    private static Positions umap(float[][] reduced, LayoutOptions options) {
        int n = reduced.length;
        if (n <= options.neighbours() + 2) {
            return twoColumns(reduced);
        }
        Umap umap = new Umap();
        umap.setNumberComponents(2);
        umap.setNumberNearestNeighbours(options.neighbours());
        umap.setMetric("euclidean");
        umap.setSeed(options.seed());
        umap.setThreads(options.threads());
        umap.setVerbose(false);
        float[][] layout = umap.fitTransform(reduced);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = layout[i][0];
            y[i] = layout[i][1];
        }
        return normalised(x, y);
    }

    private static Positions tsne(float[][] reduced, LayoutOptions options, java.util.function.DoubleConsumer progress) {
        int n = reduced.length;
        // the perplexity needs 3 * perplexity + 1 neighbours per point
        double perplexity = Math.min(options.perplexity(), (n - 2) / 3.0);
        if (perplexity < 2) {
            return twoColumns(reduced);
        }
        double[][] input = new double[n][];
        for (int i = 0; i < n; i++) {
            input[i] = new double[reduced[i].length];
            for (int d = 0; d < reduced[i].length; d++) {
                input[i][d] = reduced[i][d];
            }
        }
        Tsne tsne = new Tsne();
        tsne.setOutputDims(2);
        // 0: the input is already reduced, so bh-tsne's own PCA (and its EJML) stays unused
        tsne.setInitialDims(0);
        tsne.setPerplexity(perplexity);
        tsne.setTheta(0.5);
        tsne.setMaxIterations(options.tsneIterations());
        tsne.setRandomSeed(options.seed());
        tsne.setProgressConsumer(progress);
        tsne.setMessageConsumer(message -> { });
        double[][] layout = tsne.run(input);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) layout[i][0];
            y[i] = (float) layout[i][1];
        }
        return normalised(x, y);
    }

    /** The prototype's grid from a layout whose y grows downwards: its top row is the layout's topmost artworks. */
    private static Positions grid(Positions source) {
        int n = source.x().length;
        float[] up = new float[n];
        for (int i = 0; i < n; i++) {
            up[i] = -source.y()[i];
        }
        GridLayout.Cells cells = GridLayout.square(source.x(), up);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = cells.columns() > 1 ? cells.column()[i] / (float) (cells.columns() - 1) : 0f;
            y[i] = cells.rows() > 1 ? cells.row()[i] / (float) (cells.rows() - 1) : 0f;
        }
        return new Positions(x, y, 0);
    }

    /** Too few artworks for neighbours: the first two principal axes. */
    private static Positions twoColumns(float[][] reduced) {
        int n = reduced.length;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = reduced[i][0];
            y[i] = reduced[i].length > 1 ? reduced[i][1] : 0f;
        }
        return normalised(x, y);
    }

    /**
     * Scales a layout (y upwards, as the methods give it) into [0, 1] with one factor for both axes, centred on the
     * shorter one, and turns y downwards.
     */
    static Positions normalised(float[] x, float[] y) {
        float minX = Float.POSITIVE_INFINITY, maxX = Float.NEGATIVE_INFINITY;
        float minY = Float.POSITIVE_INFINITY, maxY = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            minX = Math.min(minX, x[i]);
            maxX = Math.max(maxX, x[i]);
            minY = Math.min(minY, y[i]);
            maxY = Math.max(maxY, y[i]);
        }
        double extent = Math.max(maxX - minX, maxY - minY);
        double scale = extent > 0 ? 1 / extent : 0;
        double padX = (1 - (maxX - minX) * scale) / 2;
        double padY = (1 - (maxY - minY) * scale) / 2;
        float[] nx = new float[x.length];
        float[] ny = new float[y.length];
        for (int i = 0; i < x.length; i++) {
            nx[i] = clamp((float) (padX + (x[i] - minX) * scale));
            ny[i] = clamp((float) (padY + (maxY - y[i]) * scale));
        }
        return new Positions(nx, ny, 0);
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    /** Renumbers clusters so that 0 is the largest (ties by the old number): the same numbering on every run. */
    private static int[] bySize(int[] assignment, int k) {
        long[] sizes = new long[k];
        for (int a : assignment) {
            sizes[a]++;
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        java.util.Arrays.sort(order, (a, b) -> sizes[a] != sizes[b] ? Long.compare(sizes[b], sizes[a]) : Integer.compare(a, b));
        int[] rank = new int[k];
        for (int r = 0; r < k; r++) {
            rank[order[r]] = r;
        }
        int[] out = new int[assignment.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rank[assignment[i]];
        }
        return out;
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
