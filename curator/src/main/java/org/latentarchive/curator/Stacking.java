package org.latentarchive.curator;

import org.latentarchive.vectors.VectorMath;
import org.latentarchive.vectors.Pca;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The prototype's feature stacking: several fields, each optionally reduced by whitened PCA, concatenated per
 * artwork in the order given, over the artworks that have all of them.
 */
public final class Stacking {

    private Stacking() {
    }

    /** One field of a stack; {@code components} empty keeps it whole. */
    public record Part(String field, Optional<Double> components) {

        /** Reads {@code vectors.a} or {@code vectors.a:0.9} (fraction of variance) or {@code vectors.a:32} (components). */
        public static Part parse(String spec) {
            int colon = spec.lastIndexOf(':');
            if (colon < 0) {
                return new Part(spec, Optional.empty());
            }
            try {
                return new Part(spec.substring(0, colon), Optional.of(Double.parseDouble(spec.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a stack part is FIELD or FIELD:COMPONENTS, not '" + spec + "'");
            }
        }
    }

    public static VectorTable stack(List<VectorTable> tables, List<Part> parts) {
        if (tables.size() != parts.size() || tables.isEmpty()) {
            throw new IllegalArgumentException("one table per part, at least one part");
        }
        Set<String> common = new LinkedHashSet<>(tables.get(0).ids());
        for (VectorTable table : tables.subList(1, tables.size())) {
            common.retainAll(table.ids());
        }
        if (common.isEmpty()) {
            throw new IllegalArgumentException("no artwork has a vector in every field of the stack");
        }
        List<String> ids = new ArrayList<>(common);
        List<VectorTable> reduced = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            VectorTable table = restrict(tables.get(p), ids);
            Optional<Double> components = parts.get(p).components();
            reduced.add(components.isPresent() ? whitened(table, components.get()) : table);
        }
        int dims = reduced.stream().mapToInt(VectorTable::dims).sum();
        List<float[]> vectors = new ArrayList<>(ids.size());
        for (int row = 0; row < ids.size(); row++) {
            float[] v = new float[dims];
            int offset = 0;
            for (VectorTable table : reduced) {
                System.arraycopy(table.vector(row), 0, v, offset, table.dims());
                offset += table.dims();
            }
            vectors.add(v);
        }
        return new VectorTable(ids, vectors);
    }

    /** The table's vectors as whitened principal components, as the prototype reduced a feature file before stacking. */
    static VectorTable whitened(VectorTable table, double components) {
        if (table.size() < 2) {
            throw new IllegalArgumentException("PCA needs at least two artworks");
        }
        Pca pca = Pca.fit(table.rows());
        double[][] scores = pca.scores(pca.componentsFor(components), true);
        List<float[]> reduced = new ArrayList<>(scores.length);
        for (double[] row : scores) {
            reduced.add(VectorMath.toFloats(row));
        }
        return new VectorTable(table.ids(), reduced);
    }

    private static VectorTable restrict(VectorTable table, List<String> ids) {
        List<float[]> vectors = new ArrayList<>(ids.size());
        for (String id : ids) {
            vectors.add(table.get(id).orElseThrow());
        }
        return new VectorTable(ids, vectors);
    }
}
