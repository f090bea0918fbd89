package org.latentarchive.plugin.walk;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.xcontent.ConstructingObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;
import org.latentarchive.plugin.query.VectorNeighboursQueryBuilder;
import org.latentarchive.vectors.VectorMath;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One end of a walk: a stored artwork ({@code {"id": "KMS1"}}) or a point in the latent space ({@code {"vector": [..]}}). */
public record WalkEndpoint(String id, float[] vector) implements Writeable, ToXContentObject {

    static final ParseField ID = new ParseField("id");
    static final ParseField VECTOR = new ParseField("vector");

    @SuppressWarnings("unchecked")
    static final ConstructingObjectParser<WalkEndpoint, Void> PARSER = new ConstructingObjectParser<>("walk_endpoint",
        args -> new WalkEndpoint((String) args[0], args[1] == null ? null : VectorMath.toFloats((List<Float>) args[1])));

    static {
        PARSER.declareString(ConstructingObjectParser.optionalConstructorArg(), ID);
        PARSER.declareFloatArray(ConstructingObjectParser.optionalConstructorArg(), VECTOR);
    }

    public WalkEndpoint {
        if ((id == null) == (vector == null)) {
            throw new IllegalArgumentException("a walk endpoint needs exactly one of [id] or [vector]");
        }
        if (vector != null && vector.length == 0) {
            throw new IllegalArgumentException("a walk endpoint's [vector] must not be empty");
        }
        if (vector != null) {
            VectorNeighboursQueryBuilder.checkFinite("a walk endpoint's [vector]", vector);
        }
    }

    public static WalkEndpoint ofId(String id) {
        return new WalkEndpoint(id, null);
    }

    public static WalkEndpoint ofVector(float[] vector) {
        return new WalkEndpoint(null, vector);
    }

    WalkEndpoint(StreamInput in) throws IOException {
        this(in.readOptionalString(), in.readBoolean() ? in.readFloatArray() : null);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalString(id);
        out.writeBoolean(vector != null);
        if (vector != null) {
            out.writeFloatArray(vector);
        }
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        if (id != null) {
            builder.field(ID.getPreferredName(), id);
        } else {
            builder.array(VECTOR.getPreferredName(), vector);
        }
        return builder.endObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WalkEndpoint other && Objects.equals(id, other.id) && Arrays.equals(vector, other.vector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(vector));
    }

    @Override
    public String toString() {
        return id != null ? "{id=" + id + "}" : "{vector of " + vector.length + " dims}";
    }
}
