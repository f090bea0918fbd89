package org.latentarchive.plugin.walk;

import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.action.IndicesRequest;
import org.elasticsearch.action.support.IndicesOptions;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.search.fetch.subphase.FetchSourceContext;
import org.elasticsearch.xcontent.ObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.latentarchive.plugin.query.VectorNeighboursQueryBuilder;
import org.latentarchive.vectors.Interpolation;

import java.io.IOException;
import java.util.Objects;

import static org.elasticsearch.action.ValidateActions.addValidationError;

/**
 * A walk through the latent space of one vector field, from artwork (or point) A to B in {@code steps} stops.
 *
 * <pre>
 * POST /artworks/_latent_walk
 * {"field": "vectors.mobilenet_v2", "from": {"id": "A"}, "to": {"id": "B"}, "steps": 9,
 *  "interpolation": "linear", "pick": "nearest", "k": 5, "seed": 0, "filter": {...}, "_source": ["title"]}
 * </pre>
 */
public final class LatentWalkRequest extends ActionRequest implements IndicesRequest.Replaceable, ToXContentObject {

    public static final int MAX_STEPS = 500;
    public static final int MAX_K = 100;

    static final ParseField FIELD = new ParseField("field");
    static final ParseField FROM = new ParseField("from");
    static final ParseField TO = new ParseField("to");
    static final ParseField STEPS = new ParseField("steps");
    static final ParseField INTERPOLATION = new ParseField("interpolation");
    static final ParseField PICK = new ParseField("pick");
    static final ParseField K = new ParseField("k");
    static final ParseField SEED = new ParseField("seed");
    static final ParseField FILTER = new ParseField("filter");
    static final ParseField EXACT = new ParseField("exact");
    static final ParseField NUM_CANDIDATES = new ParseField("num_candidates");
    static final ParseField SOURCE = new ParseField("_source");
    static final ParseField SEQUENTIAL = new ParseField("sequential");

    private static final ObjectParser<LatentWalkRequest, Void> PARSER = new ObjectParser<>("latent_walk", LatentWalkRequest::new);

    static {
        PARSER.declareString(LatentWalkRequest::field, FIELD);
        PARSER.declareObject(LatentWalkRequest::from, WalkEndpoint.PARSER, FROM);
        PARSER.declareObject(LatentWalkRequest::to, WalkEndpoint.PARSER, TO);
        PARSER.declareInt(LatentWalkRequest::steps, STEPS);
        PARSER.declareString((r, v) -> r.interpolation(Interpolation.fromName(v)), INTERPOLATION);
        PARSER.declareString((r, v) -> r.pick(Pick.fromName(v)), PICK);
        PARSER.declareInt(LatentWalkRequest::k, K);
        PARSER.declareLong(LatentWalkRequest::seed, SEED);
        PARSER.declareObject(LatentWalkRequest::filter, (p, c) -> AbstractQueryBuilder.parseTopLevelQuery(p), FILTER);
        PARSER.declareBoolean(LatentWalkRequest::exact, EXACT);
        PARSER.declareInt(LatentWalkRequest::numCandidates, NUM_CANDIDATES);
        PARSER.declareBoolean(LatentWalkRequest::sequential, SEQUENTIAL);
        PARSER.declareField(LatentWalkRequest::source, (p, c) -> FetchSourceContext.fromXContent(p), SOURCE,
            ObjectParser.ValueType.OBJECT_ARRAY_BOOLEAN_OR_STRING);
    }

    private String[] indices = new String[0];
    private IndicesOptions indicesOptions = IndicesOptions.strictExpandOpenAndForbidClosed();
    private String field;
    private WalkEndpoint from;
    private WalkEndpoint to;
    private int steps = 10;
    private Interpolation interpolation = Interpolation.LINEAR;
    private Pick pick = Pick.NEAREST;
    private int k = 5;
    private long seed = 0;
    private QueryBuilder filter;
    private boolean exact = false;
    private int numCandidates = VectorNeighboursQueryBuilder.DEFAULT_NUM_CANDIDATES;
    private FetchSourceContext source;
    /** One search per stop instead of one round: the same path, slower; kept for comparison (tests, benchmark). */
    private boolean sequential = false;

    public LatentWalkRequest(String... indices) {
        this.indices = indices;
    }

    public LatentWalkRequest(StreamInput in) throws IOException {
        super(in);
        indices = in.readStringArray();
        indicesOptions = IndicesOptions.readIndicesOptions(in);
        field = in.readOptionalString();
        from = in.readOptionalWriteable(WalkEndpoint::new);
        to = in.readOptionalWriteable(WalkEndpoint::new);
        steps = in.readVInt();
        interpolation = in.readEnum(Interpolation.class);
        pick = in.readEnum(Pick.class);
        k = in.readVInt();
        seed = in.readLong();
        filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        exact = in.readBoolean();
        numCandidates = in.readVInt();
        source = in.readOptionalWriteable(FetchSourceContext::readFrom);
        sequential = in.readBoolean();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeStringArray(indices);
        indicesOptions.writeIndicesOptions(out);
        out.writeOptionalString(field);
        out.writeOptionalWriteable(from);
        out.writeOptionalWriteable(to);
        out.writeVInt(steps);
        out.writeEnum(interpolation);
        out.writeEnum(pick);
        out.writeVInt(k);
        out.writeLong(seed);
        out.writeOptionalNamedWriteable(filter);
        out.writeBoolean(exact);
        out.writeVInt(numCandidates);
        out.writeOptionalWriteable(source);
        out.writeBoolean(sequential);
    }

    public static LatentWalkRequest fromXContent(XContentParser parser, String... indices) throws IOException {
        LatentWalkRequest request = PARSER.parse(parser, null);
        request.indices(indices);
        return request;
    }

    @Override
    public ActionRequestValidationException validate() {
        ActionRequestValidationException e = null;
        if (field == null || field.isEmpty()) {
            e = addValidationError("[" + FIELD.getPreferredName() + "] is required", e);
        }
        if (from == null) {
            e = addValidationError("[" + FROM.getPreferredName() + "] is required: {\"id\": ...} or {\"vector\": [...]}", e);
        }
        if (to == null) {
            e = addValidationError("[" + TO.getPreferredName() + "] is required: {\"id\": ...} or {\"vector\": [...]}", e);
        }
        if (from != null && to != null && from.vector() != null && to.vector() != null && from.vector().length != to.vector().length) {
            e = addValidationError("[from] and [to] vectors differ in length: " + from.vector().length + " and " + to.vector().length, e);
        }
        if (steps < 1 || steps > MAX_STEPS) {
            e = addValidationError("[" + STEPS.getPreferredName() + "] must be between 1 and " + MAX_STEPS + ", got " + steps, e);
        }
        if (k < 1 || k > MAX_K) {
            e = addValidationError("[" + K.getPreferredName() + "] must be between 1 and " + MAX_K + ", got " + k, e);
        }
        if (numCandidates < 1 || numCandidates > VectorNeighboursQueryBuilder.MAX_NUM_CANDIDATES) {
            e = addValidationError("[" + NUM_CANDIDATES.getPreferredName() + "] must be between 1 and "
                + VectorNeighboursQueryBuilder.MAX_NUM_CANDIDATES + ", got " + numCandidates, e);
        } else if (numCandidates < candidatesPerStep()) {
            e = addValidationError("[" + NUM_CANDIDATES.getPreferredName() + "] must be at least [k] (" + k + "), got " + numCandidates, e);
        }
        if (indices.length == 0) {
            e = addValidationError("an index is required: POST /{index}/_latent_walk", e);
        }
        return e;
    }

    /** How many of the nearest artworks each stop looks at. */
    int candidatesPerStep() {
        return pick == Pick.NEAREST ? 1 : k;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field(FIELD.getPreferredName(), field);
        builder.field(FROM.getPreferredName(), from);
        builder.field(TO.getPreferredName(), to);
        builder.field(STEPS.getPreferredName(), steps);
        builder.field(INTERPOLATION.getPreferredName(), interpolation.displayName());
        builder.field(PICK.getPreferredName(), pick.displayName());
        builder.field(K.getPreferredName(), k);
        builder.field(SEED.getPreferredName(), seed);
        if (filter != null) {
            builder.field(FILTER.getPreferredName(), filter);
        }
        builder.field(EXACT.getPreferredName(), exact);
        builder.field(NUM_CANDIDATES.getPreferredName(), numCandidates);
        if (source != null) {
            builder.field(SOURCE.getPreferredName(), source);
        }
        if (sequential) {
            builder.field(SEQUENTIAL.getPreferredName(), true);
        }
        return builder.endObject();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (o == null || getClass() != o.getClass()) return false;
        LatentWalkRequest other = (LatentWalkRequest) o;
        return java.util.Arrays.equals(indices, other.indices) && indicesOptions.equals(other.indicesOptions)
            && Objects.equals(field, other.field) && Objects.equals(from, other.from) && Objects.equals(to, other.to)
            && steps == other.steps && interpolation == other.interpolation && pick == other.pick && k == other.k
            && seed == other.seed && Objects.equals(filter, other.filter) && exact == other.exact
            && numCandidates == other.numCandidates && Objects.equals(source, other.source) && sequential == other.sequential;
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(indices), indicesOptions, field, from, to, steps, interpolation, pick, k, seed,
            filter, exact, numCandidates, source, sequential);
    }

    @Override
    public String[] indices() {
        return indices;
    }

    @Override
    public LatentWalkRequest indices(String... indices) {
        this.indices = Objects.requireNonNull(indices);
        return this;
    }

    @Override
    public IndicesOptions indicesOptions() {
        return indicesOptions;
    }

    public LatentWalkRequest field(String field) {
        this.field = field;
        return this;
    }

    public LatentWalkRequest from(WalkEndpoint from) {
        this.from = from;
        return this;
    }

    public LatentWalkRequest to(WalkEndpoint to) {
        this.to = to;
        return this;
    }

    public LatentWalkRequest steps(int steps) {
        this.steps = steps;
        return this;
    }

    public LatentWalkRequest interpolation(Interpolation interpolation) {
        this.interpolation = Objects.requireNonNull(interpolation);
        return this;
    }

    public LatentWalkRequest pick(Pick pick) {
        this.pick = Objects.requireNonNull(pick);
        return this;
    }

    public LatentWalkRequest k(int k) {
        this.k = k;
        return this;
    }

    public LatentWalkRequest seed(long seed) {
        this.seed = seed;
        return this;
    }

    public LatentWalkRequest filter(QueryBuilder filter) {
        this.filter = filter;
        return this;
    }

    public LatentWalkRequest exact(boolean exact) {
        this.exact = exact;
        return this;
    }

    public LatentWalkRequest numCandidates(int numCandidates) {
        this.numCandidates = numCandidates;
        return this;
    }

    public LatentWalkRequest source(FetchSourceContext source) {
        this.source = source;
        return this;
    }

    public LatentWalkRequest sequential(boolean sequential) {
        this.sequential = sequential;
        return this;
    }

    public String field() {
        return field;
    }

    public WalkEndpoint from() {
        return from;
    }

    public WalkEndpoint to() {
        return to;
    }

    public int steps() {
        return steps;
    }

    public Interpolation interpolation() {
        return interpolation;
    }

    public Pick pick() {
        return pick;
    }

    public int k() {
        return k;
    }

    public long seed() {
        return seed;
    }

    public QueryBuilder filter() {
        return filter;
    }

    public boolean exact() {
        return exact;
    }

    public int numCandidates() {
        return numCandidates;
    }

    public FetchSourceContext source() {
        return source;
    }

    public boolean sequential() {
        return sequential;
    }
}
