package org.latentarchive.plugin.walk;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.xcontent.ConstructingObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;
import org.latentarchive.plugin.query.Example;
import org.latentarchive.plugin.query.Feedback;
import org.latentarchive.plugin.query.VectorNeighboursQueryBuilder;
import org.latentarchive.vectors.VectorMath;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One end of a walk: a stored artwork ({@code {"id": "KMS1"}}), a point in the latent space ({@code {"vector": [..]}}),
 * or the point relevance feedback gives ({@code {"like": [..], "unlike": [..]}}, as in {@code vector_neighbours},
 * combined as for cosine: see {@link Feedback}).
 */
public record WalkEndpoint(String id, float[] vector, Feedback feedback) implements Writeable, ToXContentObject {

    static final ParseField ID = new ParseField("id");
    static final ParseField VECTOR = new ParseField("vector");

    @SuppressWarnings("unchecked")
    static final ConstructingObjectParser<WalkEndpoint, Void> PARSER = new ConstructingObjectParser<>("walk_endpoint",
        args -> new WalkEndpoint((String) args[0], args[1] == null ? null : VectorMath.toFloats((List<Float>) args[1]),
            args[2] == null && args[3] == null ? null
                : new Feedback(args[2] == null ? List.of() : (List<Example>) args[2], args[3] == null ? List.of() : (List<Example>) args[3])));

    static {
        PARSER.declareString(ConstructingObjectParser.optionalConstructorArg(), ID);
        PARSER.declareFloatArray(ConstructingObjectParser.optionalConstructorArg(), VECTOR);
        PARSER.declareObjectArray(ConstructingObjectParser.optionalConstructorArg(), Example.PARSER, Feedback.LIKE);
        PARSER.declareObjectArray(ConstructingObjectParser.optionalConstructorArg(), Example.PARSER, Feedback.UNLIKE);
    }

    public WalkEndpoint {
        if ((id != null ? 1 : 0) + (vector != null ? 1 : 0) + (feedback != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("a walk endpoint needs exactly one of [id], [vector] or [like] / [unlike]");
        }
        if (feedback != null) {
            feedback.validate("a walk endpoint's");
        }
        if (vector != null && vector.length == 0) {
            throw new IllegalArgumentException("a walk endpoint's [vector] must not be empty");
        }
        if (vector != null) {
            VectorNeighboursQueryBuilder.checkFinite("a walk endpoint's [vector]", vector);
        }
    }

    public static WalkEndpoint ofId(String id) {
        return new WalkEndpoint(id, null, null);
    }

    public static WalkEndpoint ofVector(float[] vector) {
        return new WalkEndpoint(null, vector, null);
    }

    public static WalkEndpoint ofFeedback(Feedback feedback) {
        return new WalkEndpoint(null, null, feedback);
    }

    WalkEndpoint(StreamInput in) throws IOException {
        this(in.readOptionalString(), in.readOptionalFloatArray(), in.readOptionalWriteable(Feedback::new));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalString(id);
        out.writeOptionalFloatArray(vector); // a boolean, then the array: the same bytes as before
        out.writeOptionalWriteable(feedback);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        if (id != null) {
            builder.field(ID.getPreferredName(), id);
        } else if (vector != null) {
            builder.array(VECTOR.getPreferredName(), vector);
        } else {
            feedback.toXContent(builder, params);
        }
        return builder.endObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WalkEndpoint other && Objects.equals(id, other.id) && Arrays.equals(vector, other.vector)
            && Objects.equals(feedback, other.feedback);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(vector), feedback);
    }

    @Override
    public String toString() {
        return id != null ? "{id=" + id + "}" : vector != null ? "{vector of " + vector.length + " dims}" : "{like=" + feedback.like()
            + ", unlike=" + feedback.unlike() + "}";
    }
}
