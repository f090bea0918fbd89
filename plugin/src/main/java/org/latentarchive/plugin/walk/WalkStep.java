package org.latentarchive.plugin.walk;

import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;

/**
 * One stop on a walk: its position (0 = start, steps + 1 = end), the artwork (absent where an endpoint was a bare
 * vector), and the cosine distance between the artwork's vector and the interpolation point it was picked for (0 at
 * the endpoints). {@code source} is the artwork's filtered _source, or null when not asked for.
 */
public record WalkStep(int step, String index, String id, double distance, BytesReference source) implements Writeable, ToXContentObject {

    WalkStep(StreamInput in) throws IOException {
        this(in.readVInt(), in.readOptionalString(), in.readOptionalString(), in.readDouble(), in.readOptionalBytesReference());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVInt(step);
        out.writeOptionalString(index);
        out.writeOptionalString(id);
        out.writeDouble(distance);
        out.writeOptionalBytesReference(source);
    }

    WalkStep withSource(String index, BytesReference source) {
        return new WalkStep(step, index, id, distance, source);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("step", step);
        if (index != null) {
            builder.field("_index", index);
        }
        builder.field("_id", id);
        builder.field("distance", distance);
        if (source != null) {
            XContentHelper.writeRawField("_source", source, builder, params);
        }
        return builder.endObject();
    }
}
