package org.latentarchive.plugin.query;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.index.query.IdsQueryBuilder;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;

import java.util.List;

/** Fetches the stored vector of one document by id, from the searched indices, for queries and walks that name artworks. */
public final class VectorLookup {

    private VectorLookup() {}

    public static void fetch(Client client, String[] indices, String id, String field, ActionListener<float[]> listener) {
        SearchSourceBuilder source = new SearchSourceBuilder().query(new IdsQueryBuilder().addIds(id))
            .fetchSource(false)
            .docValueField(field)
            .size(1);
        client.search(new SearchRequest(indices).source(source), listener.delegateFailureAndWrap((l, response) -> {
            SearchHit[] hits = response.getHits().getHits();
            if (hits.length == 0) {
                l.onFailure(new IllegalArgumentException("artwork [" + id + "] does not exist in " + List.of(indices)));
                return;
            }
            DocumentField value = hits[0].field(field);
            if (value == null || value.getValues().isEmpty()) {
                l.onFailure(new IllegalArgumentException("artwork [" + id + "] has no vector in field [" + field + "]"));
                return;
            }
            l.onResponse(toFloats(value.getValues(), id, field));
        }));
    }

    public static float[] toFloats(List<Object> values, String id, String field) {
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
                throw new IllegalArgumentException("artwork [" + id + "] holds no vector in field [" + field + "]");
            }
        }
        return out;
    }
}
