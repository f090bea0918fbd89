package org.latentarchive.curator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The artworks' vectors of one field, by id: what the prototype kept in an npz file. All vectors have the same
 * dimension. Ids may also be given in the prototype's file-name form ({@code KKS1234_5.jpg} for object number
 * {@code KKS1234/5}), so that annotation files made by the prototype can be evaluated as they are.
 */
public final class VectorTable {

    private final List<String> ids;
    private final float[][] vectors;
    private final Map<String, Integer> byId;
    private final Map<String, Integer> byFileName;
    private final int dims;

    public VectorTable(List<String> ids, List<float[]> vectors) {
        if (ids.size() != vectors.size()) {
            throw new IllegalArgumentException(ids.size() + " ids for " + vectors.size() + " vectors");
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no vectors");
        }
        this.ids = List.copyOf(ids);
        this.vectors = vectors.toArray(new float[0][]);
        this.dims = this.vectors[0].length;
        this.byId = new HashMap<>();
        this.byFileName = new HashMap<>();
        for (int i = 0; i < this.ids.size(); i++) {
            if (this.vectors[i].length != dims) {
                throw new IllegalArgumentException("artwork '" + this.ids.get(i) + "' has " + this.vectors[i].length
                    + " dims, the others " + dims);
            }
            if (byId.put(this.ids.get(i), i) != null) {
                throw new IllegalArgumentException("artwork '" + this.ids.get(i) + "' appears twice");
            }
            byFileName.put(prototypeFileName(this.ids.get(i)), i);
        }
    }

    public static VectorTable of(Map<String, float[]> vectors) {
        Map<String, float[]> ordered = new LinkedHashMap<>(vectors);
        return new VectorTable(new ArrayList<>(ordered.keySet()), new ArrayList<>(ordered.values()));
    }

    /** The prototype's image file name for an object number: '/' becomes '_', then ".jpg". */
    public static String prototypeFileName(String objectNumber) {
        return objectNumber.replace('/', '_') + ".jpg";
    }

    public int size() {
        return ids.size();
    }

    public int dims() {
        return dims;
    }

    public List<String> ids() {
        return ids;
    }

    public String id(int row) {
        return ids.get(row);
    }

    /** The row's vector itself, not a copy: callers must not change it. */
    public float[] vector(int row) {
        return vectors[row];
    }

    /** Every row's vector, in row order, not copies: callers must not change them. */
    public float[][] rows() {
        return vectors;
    }

    /** The row of an id, or of a prototype file name. */
    public Optional<Integer> row(String idOrFileName) {
        Integer row = byId.get(idOrFileName);
        if (row == null) {
            row = byFileName.get(idOrFileName);
        }
        return Optional.ofNullable(row);
    }

    public Optional<float[]> get(String idOrFileName) {
        return row(idOrFileName).map(r -> vectors[r]);
    }

    /** A table with the same ids whose every vector went through {@code projection}. */
    public VectorTable map(java.util.function.UnaryOperator<float[]> projection) {
        List<float[]> projected = new ArrayList<>(vectors.length);
        for (float[] vector : vectors) {
            projected.add(projection.apply(vector));
        }
        return new VectorTable(ids, projected);
    }
}
