package org.latentarchive.plugin.walk;

import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** The path of a walk, in order: the start, one artwork per interpolation point, the end. */
public final class LatentWalkResponse extends ActionResponse implements ToXContentObject {

    private final long tookMillis;
    private final String field;
    private final List<WalkStep> path;

    public LatentWalkResponse(long tookMillis, String field, List<WalkStep> path) {
        this.tookMillis = tookMillis;
        this.field = field;
        this.path = List.copyOf(path);
    }

    public LatentWalkResponse(StreamInput in) throws IOException {
        tookMillis = in.readVLong();
        field = in.readString();
        path = in.readCollectionAsList(WalkStep::new);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVLong(tookMillis);
        out.writeString(field);
        out.writeCollection(path);
    }

    public long tookMillis() {
        return tookMillis;
    }

    public String field() {
        return field;
    }

    public List<WalkStep> path() {
        return path;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("took", tookMillis);
        builder.field("field", field);
        builder.startArray("path");
        for (WalkStep step : path) {
            step.toXContent(builder, params);
        }
        builder.endArray();
        return builder.endObject();
    }
}
