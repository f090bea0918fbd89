package org.latentarchive.plugin.query;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.ToXContentFragment;
import org.elasticsearch.xcontent.XContentBuilder;
import org.latentarchive.vectors.Rocchio;
import org.latentarchive.vectors.Similarity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "More like these, less like those": the {@code like} and {@code unlike} examples of a {@code vector_neighbours}
 * query or a walk's end, combined into one query vector by {@link Rocchio}. Their artworks' vectors are looked up in
 * one search; the combination waits for the field's similarity, known where the query meets the mapping.
 */
public record Feedback(List<Example> like, List<Example> unlike) implements Writeable, ToXContentFragment {

    public static final ParseField LIKE = new ParseField("like");
    public static final ParseField UNLIKE = new ParseField("unlike");

    public Feedback {
        like = List.copyOf(like);
        unlike = List.copyOf(unlike);
    }

    /**
     * Rejects what no mapping can make sense of: no likes, or given vectors of different lengths. {@code what} names
     * the request part, as in {@code "[vector_neighbours]"}.
     */
    public void validate(String what) {
        if (like.isEmpty()) {
            throw new IllegalArgumentException(what + " [" + LIKE.getPreferredName() + "] must name at least one artwork or vector"
                + (unlike.isEmpty() ? "" : ": [" + UNLIKE.getPreferredName() + "] alone has nothing to move away from"));
        }
        checkDims(what);
    }

    /** Every vector, given or looked up, must have one length: the field's. */
    private void checkDims(String what) {
        Example first = null;
        for (Example e : all()) {
            if (e.vector() == null) {
                continue;
            }
            if (first == null) {
                first = e;
            } else if (first.vector().length != e.vector().length) {
                throw new IllegalArgumentException(what + " examples of different dimensions: " + describe(first) + " has "
                    + first.vector().length + ", " + describe(e) + " has " + e.vector().length);
            }
        }
    }

    private static String describe(Example e) {
        return e.id() != null ? "artwork [" + e.id() + "]" : "a given vector";
    }

    List<Example> all() {
        List<Example> all = new ArrayList<>(like);
        all.addAll(unlike);
        return all;
    }

    /** The artworks named, in order, each once. */
    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        for (Example e : all()) {
            if (e.id() != null) {
                ids.add(e.id());
            }
        }
        return ids;
    }

    public boolean pending() {
        return all().stream().anyMatch(Example::pending);
    }

    /** The same examples with their artworks' vectors filled in, checked to share one length. */
    Feedback resolved(Map<String, float[]> vectors, String what) {
        Feedback resolved = new Feedback(fill(like, vectors), fill(unlike, vectors));
        resolved.checkDims(what);
        return resolved;
    }

    private static List<Example> fill(List<Example> examples, Map<String, float[]> vectors) {
        return examples.stream().map(e -> e.pending() ? e.withVector(vectors.get(e.id())) : e).toList();
    }

    /** Looks up the named artworks' vectors in {@code field} of {@code indices} and answers with the resolved feedback. */
    public void resolve(Client client, String[] indices, String field, String what, ActionListener<Feedback> listener) {
        if (pending() == false) {
            listener.onResponse(this);
            return;
        }
        VectorLookup.fetchAll(client, indices, ids(), field, listener.map(vectors -> resolved(vectors, what)));
    }

    /** The query vector, for a field of {@code similarity} (see {@link Rocchio} for what each similarity gets). */
    public float[] queryVector(Similarity similarity) {
        boolean directional = similarity == Similarity.COSINE || similarity == Similarity.DOT_PRODUCT;
        return Rocchio.query(like.stream().map(Example::forRocchio).toList(), unlike.stream().map(Example::forRocchio).toList(),
            directional);
    }

    public Feedback(StreamInput in) throws IOException {
        this(in.readCollectionAsList(Example::new), in.readCollectionAsList(Example::new));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeCollection(like);
        out.writeCollection(unlike);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.xContentList(LIKE.getPreferredName(), like);
        if (unlike.isEmpty() == false) {
            builder.xContentList(UNLIKE.getPreferredName(), unlike);
        }
        return builder;
    }
}
