package org.latentarchive.plugin.query;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.xcontent.ConstructingObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;
import org.latentarchive.vectors.Rocchio;
import org.latentarchive.vectors.VectorMath;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One example of relevance feedback: a stored artwork ({@code {"id": "KMS1"}}) or a point ({@code {"vector": [..]}}),
 * with an optional {@code weight} (default 1). A request gives one of id and vector; once the artwork's vector has
 * been looked up, the example carries both (the id, to leave the artwork out of the hits, and its vector).
 */
public record Example(String id, float[] vector, double weight) implements Writeable, ToXContentObject {

    static final ParseField ID = new ParseField("id");
    static final ParseField VECTOR = new ParseField("vector");
    static final ParseField WEIGHT = new ParseField("weight");

    public static final double DEFAULT_WEIGHT = 1;

    @SuppressWarnings("unchecked")
    public static final ConstructingObjectParser<Example, Void> PARSER = new ConstructingObjectParser<>("example", args -> {
        if ((args[0] == null) == (args[1] == null)) {
            throw new IllegalArgumentException("an example needs exactly one of [id] or [vector]");
        }
        return new Example((String) args[0], args[1] == null ? null : VectorMath.toFloats((List<Float>) args[1]),
            args[2] == null ? DEFAULT_WEIGHT : (Double) args[2]);
    });

    static {
        PARSER.declareString(ConstructingObjectParser.optionalConstructorArg(), ID);
        PARSER.declareFloatArray(ConstructingObjectParser.optionalConstructorArg(), VECTOR);
        PARSER.declareDouble(ConstructingObjectParser.optionalConstructorArg(), WEIGHT);
    }

    public Example {
        if (id == null && vector == null) {
            throw new IllegalArgumentException("an example needs exactly one of [id] or [vector]");
        }
        if (vector != null && vector.length == 0) {
            throw new IllegalArgumentException("an example's [vector] must not be empty");
        }
        if (vector != null) {
            VectorNeighboursQueryBuilder.checkFinite("an example's [vector]", vector);
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("an example's [weight] must be positive and finite, got " + weight);
        }
    }

    public static Example ofId(String id) {
        return new Example(id, null, DEFAULT_WEIGHT);
    }

    public static Example ofVector(float[] vector) {
        return new Example(null, vector, DEFAULT_WEIGHT);
    }

    Example(StreamInput in) throws IOException {
        this(in.readOptionalString(), in.readOptionalFloatArray(), in.readDouble());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalString(id);
        out.writeOptionalFloatArray(vector);
        out.writeDouble(weight);
    }

    /** Whether the vector is still to be looked up. */
    boolean pending() {
        return vector == null;
    }

    Example withVector(float[] found) {
        return new Example(id, found, weight);
    }

    Example withWeight(double newWeight) {
        return new Example(id, vector, newWeight);
    }

    Rocchio.Example forRocchio() {
        return new Rocchio.Example(vector, weight);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        if (id != null) {
            builder.field(ID.getPreferredName(), id);
        }
        if (vector != null) {
            builder.array(VECTOR.getPreferredName(), vector);
        }
        if (weight != DEFAULT_WEIGHT) {
            builder.field(WEIGHT.getPreferredName(), weight);
        }
        return builder.endObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example other && Objects.equals(id, other.id) && Arrays.equals(vector, other.vector)
            && weight == other.weight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(vector), weight);
    }

    @Override
    public String toString() {
        return (id != null ? "{id=" + id : "{vector of " + vector.length + " dims") + (weight != DEFAULT_WEIGHT ? ", weight=" + weight : "") + "}";
    }
}
