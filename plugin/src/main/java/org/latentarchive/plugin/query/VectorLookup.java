package org.latentarchive.plugin.query;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.fieldcaps.FieldCapabilities;
import org.elasticsearch.action.fieldcaps.FieldCapabilitiesRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.index.mapper.vectors.DenseVectorFieldMapper;
import org.elasticsearch.index.query.IdsQueryBuilder;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fetches the stored vector of one document by id, from the searched indices, for queries and walks that name artworks.
 * A lookup that finds no vector is explained by the mapping: a field the index does not map as a dense_vector is named
 * as such, rather than blamed on the artwork.
 */
public final class VectorLookup {

    private VectorLookup() {}

    public static void fetch(Client client, String[] indices, String id, String field, ActionListener<float[]> listener) {
        SearchSourceBuilder source = new SearchSourceBuilder().query(new IdsQueryBuilder().addIds(id))
            .fetchSource(false)
            .docValueField(field)
            .size(1);
        client.search(new SearchRequest(indices).source(source), ActionListener.wrap(response -> {
            SearchHit[] hits = response.getHits().getHits();
            if (hits.length == 0) {
                listener.onFailure(new IllegalArgumentException("artwork [" + id + "] does not exist in " + List.of(indices)));
                return;
            }
            DocumentField value = hits[0].field(field);
            float[] vector = value == null || value.getValues().isEmpty() ? null : vectorOf(value.getValues());
            if (vector != null) {
                listener.onResponse(vector);
            } else {
                explain(client, new String[] { hits[0].getIndex() }, field,
                    new IllegalArgumentException("artwork [" + id + "] has no vector in field [" + field + "]"), listener);
            }
        }, failure -> explain(client, indices, field, failure, listener)));
    }

    /**
     * Fetches the stored vectors of several documents in one search: every id must exist and hold a vector in
     * {@code field}, or the listener fails naming the ids that do not.
     */
    public static void fetchAll(Client client, String[] indices, Set<String> ids, String field, ActionListener<Map<String, float[]>> listener) {
        SearchSourceBuilder source = new SearchSourceBuilder().query(new IdsQueryBuilder().addIds(ids.toArray(String[]::new)))
            .fetchSource(false)
            .docValueField(field)
            .size(ids.size());
        client.search(new SearchRequest(indices).source(source), ActionListener.wrap(response -> {
            Map<String, float[]> found = new LinkedHashMap<>();
            Set<String> withoutVector = new TreeSet<>();
            for (SearchHit hit : response.getHits().getHits()) {
                DocumentField value = hit.field(field);
                float[] vector = value == null || value.getValues().isEmpty() ? null : vectorOf(value.getValues());
                if (vector != null) {
                    found.putIfAbsent(hit.getId(), vector);
                } else {
                    withoutVector.add(hit.getId());
                }
            }
            List<String> missing = ids.stream().filter(id -> found.containsKey(id) == false && withoutVector.contains(id) == false).toList();
            if (missing.isEmpty() == false) {
                listener.onFailure(new IllegalArgumentException((missing.size() == 1 ? "artwork " : "artworks ") + missing
                    + (missing.size() == 1 ? " does" : " do") + " not exist in " + List.of(indices)));
            } else if (withoutVector.isEmpty() == false) {
                explain(client, indices, field, new IllegalArgumentException((withoutVector.size() == 1 ? "artwork " : "artworks ")
                    + withoutVector + (withoutVector.size() == 1 ? " has" : " have") + " no vector in field [" + field + "]"), listener);
            } else {
                listener.onResponse(found);
            }
        }, failure -> explain(client, indices, field, failure, listener)));
    }

    /**
     * Fails with "not a dense_vector field" where the mapping of {@code indices} says so (a field they lack, or one of
     * another type, whose doc values may not even load), and with {@code otherwise} where the field is a vector field.
     * Asked only after a lookup went wrong, so a lookup that works costs one search, as before.
     */
    private static void explain(Client client, String[] indices, String field, Exception otherwise, ActionListener<?> listener) {
        FieldCapabilitiesRequest request = new FieldCapabilitiesRequest().indices(indices).fields(field).includeUnmapped(true);
        client.fieldCaps(request, ActionListener.wrap(caps -> {
            Map<String, FieldCapabilities> types = caps.getField(field);
            Set<String> notVector = new TreeSet<>();
            if (types == null || types.isEmpty()) {
                notVector.addAll(Arrays.asList(caps.getIndices()));
            } else {
                types.forEach((type, capabilities) -> {
                    if (type.equals(DenseVectorFieldMapper.CONTENT_TYPE) == false) {
                        // null: every index the request covers has the field with this type
                        notVector.addAll(Arrays.asList(capabilities.indices() == null ? caps.getIndices() : capabilities.indices()));
                    }
                });
            }
            if (notVector.isEmpty()) {
                listener.onFailure(otherwise);
            } else {
                String where = notVector.size() == 1 ? "index [" + notVector.iterator().next() + "]" : "indices " + notVector;
                listener.onFailure(new IllegalArgumentException("field [" + field + "] is not a "
                    + DenseVectorFieldMapper.CONTENT_TYPE + " field of " + where));
            }
        }, capsFailure -> {
            otherwise.addSuppressed(capsFailure);
            listener.onFailure(otherwise);
        }));
    }

    public static float[] toFloats(List<Object> values, String id, String field) {
        float[] vector = vectorOf(values);
        if (vector == null) {
            throw new IllegalArgumentException("artwork [" + id + "] holds no vector in field [" + field + "]");
        }
        return vector;
    }

    /** The vector a document's values hold, or null where they hold something else (a keyword field's strings). */
    private static float[] vectorOf(List<Object> values) {
        // doc values of a dense_vector come back as one float[] (or a list of numbers, depending on the path)
        if (values.size() == 1 && values.get(0) instanceof float[] floats) {
            return floats;
        }
        if (values.size() == 1 && values.get(0) instanceof byte[] bytes) {
            float[] out = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = bytes[i];
            }
            return out;
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (values.get(i) instanceof Number n) {
                out[i] = n.floatValue();
            } else {
                return null;
            }
        }
        return out;
    }
}
