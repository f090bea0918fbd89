package org.latentarchive.plugin.walk;

import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.index.shard.ShardId;
import org.elasticsearch.search.aggregations.AggregationReduceContext;
import org.elasticsearch.search.aggregations.AggregatorReducer;
import org.elasticsearch.search.aggregations.InternalAggregation;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The candidates of a walk's one round: for each interpolation point, the nearest artworks, best first, at most
 * {@code sizes[i]} of them. A shard answers its own; the reduce merges them in the order a search merges hits (score,
 * then shard, then Lucene document), so that the global lists are the top hits the stops of a sequential walk would
 * have seen.
 */
public final class InternalWalkCandidates extends InternalAggregation {

    /**
     * One artwork near one point: its score for that point, where it lives, its id, and its cosine distance to the point
     * ({@link Walk#distance}, measured on the shard, where its vector is).
     */
    public record Candidate(float score, ShardId shard, int doc, String id, double distance) {

        /** A search's merge order: higher score first; ties by shard (as a search numbers its shards), then document. */
        static final Comparator<Candidate> MERGE_ORDER = (a, b) -> {
            if (a.score != b.score) {
                return a.score > b.score ? -1 : 1;
            }
            int byShard = a.shard.compareTo(b.shard);
            return byShard != 0 ? byShard : Integer.compare(a.doc, b.doc);
        };

        public String index() {
            return shard.getIndexName();
        }
    }

    private final int[] sizes;
    private final List<List<Candidate>> perPoint;

    InternalWalkCandidates(String name, int[] sizes, List<List<Candidate>> perPoint, Map<String, Object> metadata) {
        super(name, metadata);
        if (sizes.length != perPoint.size()) {
            throw new IllegalArgumentException("one list of candidates per size: " + sizes.length + " sizes, " + perPoint.size() + " lists");
        }
        this.sizes = sizes;
        this.perPoint = perPoint;
    }

    static InternalWalkCandidates empty(String name, int[] sizes, Map<String, Object> metadata) {
        List<List<Candidate>> none = new ArrayList<>(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            none.add(List.of());
        }
        return new InternalWalkCandidates(name, sizes, none, metadata);
    }

    /** The shards are written once, in a table; each candidate names its shard by position in it. */
    public InternalWalkCandidates(StreamInput in) throws IOException {
        super(in);
        sizes = in.readVIntArray();
        ShardId[] shards = in.readArray(ShardId::new, ShardId[]::new);
        int points = in.readVInt();
        perPoint = new ArrayList<>(points);
        for (int p = 0; p < points; p++) {
            int n = in.readVInt();
            List<Candidate> candidates = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                candidates.add(new Candidate(in.readFloat(), shards[in.readVInt()], in.readVInt(), in.readString(), in.readDouble()));
            }
            perPoint.add(candidates);
        }
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeVIntArray(sizes);
        Map<ShardId, Integer> table = new HashMap<>();
        List<ShardId> shards = new ArrayList<>();
        for (List<Candidate> candidates : perPoint) {
            for (Candidate c : candidates) {
                if (table.putIfAbsent(c.shard(), shards.size()) == null) {
                    shards.add(c.shard());
                }
            }
        }
        out.writeCollection(shards);
        out.writeVInt(perPoint.size());
        for (List<Candidate> candidates : perPoint) {
            out.writeVInt(candidates.size());
            for (Candidate c : candidates) {
                out.writeFloat(c.score());
                out.writeVInt(table.get(c.shard()));
                out.writeVInt(c.doc());
                out.writeString(c.id());
                out.writeDouble(c.distance());
            }
        }
    }

    @Override
    public String getWriteableName() {
        return WalkCandidatesAggregationBuilder.NAME;
    }

    int[] sizes() {
        return sizes;
    }

    /** Point i's candidates, best first (after the reduce: over every shard). */
    public List<Candidate> candidates(int point) {
        return perPoint.get(point);
    }

    public int points() {
        return perPoint.size();
    }

    @Override
    protected AggregatorReducer getLeaderReducer(AggregationReduceContext reduceContext, int size) {
        return new AggregatorReducer() {
            private final List<List<Candidate>> merged = new ArrayList<>();

            @Override
            public void accept(InternalAggregation aggregation) {
                InternalWalkCandidates shard = (InternalWalkCandidates) aggregation;
                if (Arrays.equals(shard.sizes, sizes) == false) {
                    throw new IllegalStateException("[" + name + "] shards answered for different walks");
                }
                for (int p = 0; p < shard.perPoint.size(); p++) {
                    if (merged.size() <= p) {
                        merged.add(new ArrayList<>());
                    }
                    merged.get(p).addAll(shard.perPoint.get(p));
                }
            }

            @Override
            public InternalAggregation get() {
                List<List<Candidate>> top = new ArrayList<>(sizes.length);
                for (int p = 0; p < sizes.length; p++) {
                    List<Candidate> all = p < merged.size() ? merged.get(p) : new ArrayList<>();
                    all.sort(Candidate.MERGE_ORDER);
                    top.add(List.copyOf(all.subList(0, Math.min(sizes[p], all.size()))));
                }
                return new InternalWalkCandidates(name, sizes, top, getMetadata());
            }
        };
    }

    @Override
    protected boolean mustReduceOnSingleInternalAgg() {
        return false; // a shard's lists are already sorted and cut
    }

    @Override
    public Object getProperty(List<String> path) {
        if (path.isEmpty()) {
            return this;
        }
        throw new IllegalArgumentException("path not supported for [" + getName() + "]: " + path);
    }

    @Override
    public XContentBuilder doXContentBody(XContentBuilder builder, Params params) throws IOException {
        builder.startArray("points");
        for (List<Candidate> candidates : perPoint) {
            builder.startArray();
            for (Candidate c : candidates) {
                builder.startObject().field("_index", c.index()).field("_id", c.id()).field("_score", c.score())
                    .field("distance", c.distance()).endObject();
            }
            builder.endArray();
        }
        return builder.endArray();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (o == null || getClass() != o.getClass() || super.equals(o) == false) return false;
        InternalWalkCandidates other = (InternalWalkCandidates) o;
        return Arrays.equals(sizes, other.sizes) && perPoint.equals(other.perPoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), Arrays.hashCode(sizes), perPoint);
    }
}
