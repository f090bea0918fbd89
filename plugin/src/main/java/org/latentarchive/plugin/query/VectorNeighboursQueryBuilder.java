package org.latentarchive.plugin.query;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.SetOnce;
import org.elasticsearch.TransportVersion;
import org.elasticsearch.action.ResolvedIndices;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.index.Index;
import org.elasticsearch.index.mapper.IdFieldMapper;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.vectors.DenseVectorFieldMapper;
import org.elasticsearch.index.mapper.vectors.DenseVectorFieldMapper.DenseVectorFieldType;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryRewriteContext;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.search.internal.MaxClauseCountQueryVisitor;
import org.elasticsearch.search.vectors.VectorData;
import org.elasticsearch.xcontent.ObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.latentarchive.vectors.Direction;
import org.latentarchive.vectors.Similarity;
import org.latentarchive.vectors.VectorMath;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code vector_neighbours}: the nearest or the farthest documents to a stored artwork (by {@code id}) or to a
 * {@code vector}, scored exactly over the documents the surrounding query lets through.
 *
 * <pre>
 * {"vector_neighbours": {"field": "vectors.mobilenet_v2", "id": "KMS1", "direction": "farthest"}}
 * </pre>
 *
 * With {@code id}, the artwork's own vector is looked up once, on the coordinating node (an asynchronous rewrite), and
 * the artwork is left out of its own neighbours unless {@code include_self} is true. With {@code approximate},
 * candidates are proposed and then scored exactly: for farthest on a field whose index keeps quantized vectors
 * (int8, int4, bbq), by one pass over those ({@link QuantizedPassQuery}, the best {@code num_candidates} per segment);
 * otherwise by the field's HNSW graph, {@code num_candidates} per shard (for farthest: the nearest to the negated
 * vector, which are exactly the farthest under cosine, dot product and max inner product). {@code candidate_source}
 * ({@link CandidateSource}) chooses explicitly.
 *
 * <p>Instead of one id or vector, {@code like} and {@code unlike} take lists of examples (ids and/or vectors, each with
 * an optional weight), combined by {@link Feedback} into one query vector ("more like these, less like those"); the
 * artworks they name are looked up in one search and left out of the hits unless {@code include_self} is true.
 */
public final class VectorNeighboursQueryBuilder extends AbstractQueryBuilder<VectorNeighboursQueryBuilder> {

    public static final String NAME = "vector_neighbours";

    static final ParseField FIELD = new ParseField("field");
    static final ParseField ID = new ParseField("id");
    static final ParseField INDEX = new ParseField("index");
    static final ParseField VECTOR = new ParseField("vector");
    static final ParseField DIRECTION = new ParseField("direction");
    static final ParseField INCLUDE_SELF = new ParseField("include_self");
    static final ParseField APPROXIMATE = new ParseField("approximate");
    static final ParseField NUM_CANDIDATES = new ParseField("num_candidates");
    static final ParseField CANDIDATE_SOURCE = new ParseField("candidate_source");
    static final ParseField FILTER = new ParseField("filter");
    static final ParseField LIKE = Feedback.LIKE;
    static final ParseField UNLIKE = Feedback.UNLIKE;

    public static final int DEFAULT_NUM_CANDIDATES = 100;
    public static final int MAX_NUM_CANDIDATES = 10_000;

    private static final ObjectParser<VectorNeighboursQueryBuilder, Void> PARSER = new ObjectParser<>(NAME, VectorNeighboursQueryBuilder::new);

    static {
        PARSER.declareString(VectorNeighboursQueryBuilder::field, FIELD);
        PARSER.declareString(VectorNeighboursQueryBuilder::id, ID);
        PARSER.declareString(VectorNeighboursQueryBuilder::index, INDEX);
        PARSER.declareFloatArray((b, v) -> b.vector(VectorMath.toFloats(v)), VECTOR);
        PARSER.declareString((b, v) -> b.direction(Direction.fromName(v)), DIRECTION);
        PARSER.declareBoolean(VectorNeighboursQueryBuilder::includeSelf, INCLUDE_SELF);
        PARSER.declareBoolean(VectorNeighboursQueryBuilder::approximate, APPROXIMATE);
        PARSER.declareInt(VectorNeighboursQueryBuilder::numCandidates, NUM_CANDIDATES);
        PARSER.declareString((b, v) -> b.candidateSource(CandidateSource.fromName(v)), CANDIDATE_SOURCE);
        PARSER.declareObject(VectorNeighboursQueryBuilder::filter, (p, c) -> parseInnerQueryBuilder(p), FILTER);
        PARSER.declareObjectArray(VectorNeighboursQueryBuilder::like, Example.PARSER, LIKE);
        PARSER.declareObjectArray(VectorNeighboursQueryBuilder::unlike, Example.PARSER, UNLIKE);
        declareStandardFields(PARSER);
    }

    private String field;
    private String id;
    private String index;
    private float[] vector;
    private Direction direction = Direction.NEAREST;
    private boolean includeSelf = false;
    private boolean approximate = false;
    private int numCandidates = DEFAULT_NUM_CANDIDATES;
    private CandidateSource candidateSource = CandidateSource.AUTO;
    private QueryBuilder filter;
    /** like / unlike examples, instead of id or vector */
    private Feedback feedback;
    /** Set while the looked-up vector is on its way; never serialized (rewrite completes before anything is sent). */
    private transient Supplier<float[]> vectorSupplier;
    /** Likewise for the vectors of the artworks among the like / unlike examples. */
    private transient Supplier<Feedback> feedbackSupplier;

    private VectorNeighboursQueryBuilder() {}

    public VectorNeighboursQueryBuilder(String field) {
        this.field = Objects.requireNonNull(field, "[field] is required");
    }

    public VectorNeighboursQueryBuilder(StreamInput in) throws IOException {
        super(in);
        field = in.readString();
        id = in.readOptionalString();
        index = in.readOptionalString();
        vector = in.readBoolean() ? in.readFloatArray() : null;
        direction = in.readEnum(Direction.class);
        includeSelf = in.readBoolean();
        approximate = in.readBoolean();
        numCandidates = in.readVInt();
        filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        feedback = in.readOptionalWriteable(Feedback::new);
        candidateSource = in.readEnum(CandidateSource.class);
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        if (vectorSupplier != null || feedbackSupplier != null) {
            throw new IllegalStateException("[" + NAME + "] must be rewritten before it is sent: its vector is still being looked up");
        }
        out.writeString(field);
        out.writeOptionalString(id);
        out.writeOptionalString(index);
        out.writeBoolean(vector != null);
        if (vector != null) {
            out.writeFloatArray(vector);
        }
        out.writeEnum(direction);
        out.writeBoolean(includeSelf);
        out.writeBoolean(approximate);
        out.writeVInt(numCandidates);
        out.writeOptionalNamedWriteable(filter);
        out.writeOptionalWriteable(feedback);
        out.writeEnum(candidateSource);
    }

    public static VectorNeighboursQueryBuilder fromXContent(XContentParser parser) throws IOException {
        VectorNeighboursQueryBuilder builder = PARSER.parse(parser, null);
        builder.validate();
        return builder;
    }

    /** Rejects what cannot make sense whatever the mapping says; the mapping-dependent checks happen in doToQuery. */
    void validate() {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("[" + NAME + "] requires [" + FIELD.getPreferredName() + "]");
        }
        if (feedback != null) {
            if (id != null || vector != null) {
                throw new IllegalArgumentException("[" + NAME + "] takes [" + ID.getPreferredName() + "], [" + VECTOR.getPreferredName()
                    + "] or [" + LIKE.getPreferredName() + "] / [" + UNLIKE.getPreferredName() + "], not several");
            }
            feedback.validate("[" + NAME + "]");
        } else if (id == null && vector == null) {
            throw new IllegalArgumentException("[" + NAME + "] requires [" + ID.getPreferredName() + "], [" + VECTOR.getPreferredName()
                + "] or [" + LIKE.getPreferredName() + "]");
        }
        if (id != null && vector != null) {
            // the rewritten query carries both (the id to leave out, its looked-up vector); a request gives one
            throw new IllegalArgumentException("[" + NAME + "] takes [" + ID.getPreferredName() + "] or [" + VECTOR.getPreferredName()
                + "], not both: give [" + ID.getPreferredName() + "] for the neighbours of a stored artwork (left out of them), or ["
                + VECTOR.getPreferredName() + "] for those of a point");
        }
        if (vector != null && vector.length == 0) {
            throw new IllegalArgumentException("[" + NAME + "] [" + VECTOR.getPreferredName() + "] must not be empty");
        }
        if (vector != null) {
            checkFinite("[" + NAME + "] [" + VECTOR.getPreferredName() + "]", vector);
        }
        if (numCandidates < 1 || numCandidates > MAX_NUM_CANDIDATES) {
            throw new IllegalArgumentException("[" + NAME + "] [" + NUM_CANDIDATES.getPreferredName() + "] must be between 1 and "
                + MAX_NUM_CANDIDATES + ", got " + numCandidates);
        }
        if (candidateSource != CandidateSource.AUTO && approximate == false) {
            throw new IllegalArgumentException("[" + NAME + "] [" + CANDIDATE_SOURCE.getPreferredName() + "] applies to approximate mode "
                + "only: add \"" + APPROXIMATE.getPreferredName() + "\": true, or leave it out for an exact search");
        }
    }

    /**
     * A component beyond float's range is parsed as an infinity (and "NaN" as a string as NaN); either would score
     * every document NaN, so the request is refused with the component named. {@code what} names the vector, as in
     * {@code "[vector_neighbours] [vector]"}; walks check their endpoints with it too.
     */
    public static void checkFinite(String what, float[] vector) {
        for (int i = 0; i < vector.length; i++) {
            if (Float.isFinite(vector[i]) == false) {
                throw new IllegalArgumentException(what + " component [" + i + "] "
                    + (Float.isNaN(vector[i]) ? "is NaN" : "overflows a float: its magnitude exceeds " + Float.MAX_VALUE));
            }
        }
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        builder.field(FIELD.getPreferredName(), field);
        if (id != null) {
            builder.field(ID.getPreferredName(), id);
        }
        if (index != null) {
            builder.field(INDEX.getPreferredName(), index);
        }
        if (vector != null) {
            builder.array(VECTOR.getPreferredName(), vector);
        }
        builder.field(DIRECTION.getPreferredName(), direction.displayName());
        builder.field(INCLUDE_SELF.getPreferredName(), includeSelf);
        builder.field(APPROXIMATE.getPreferredName(), approximate);
        builder.field(NUM_CANDIDATES.getPreferredName(), numCandidates);
        builder.field(CANDIDATE_SOURCE.getPreferredName(), candidateSource.displayName());
        if (filter != null) {
            builder.field(FILTER.getPreferredName(), filter);
        }
        if (feedback != null) {
            feedback.toXContent(builder, params);
        }
        boostAndQueryNameToXContent(builder);
        builder.endObject();
    }

    @Override
    protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
        if (vectorSupplier != null) {
            float[] found = vectorSupplier.get();
            return found == null ? this : copy().vector(found);
        }
        if (feedbackSupplier != null) {
            Feedback found = feedbackSupplier.get();
            return found == null ? this : copy().feedback(found);
        }
        if (filter != null) {
            QueryBuilder rewritten = filter.rewrite(context);
            if (rewritten != filter) {
                return copy().filter(rewritten);
            }
        }
        if (feedback != null) {
            if (feedback.pending() == false) {
                return this;
            }
            String[] indices = lookupIndices(context, feedback.ids().toString());
            VectorNeighboursQueryBuilder pending = copy();
            pending.feedbackSupplier = lookUp(context, (client, l) -> feedback.resolve(client, indices, field, "[" + NAME + "]", l));
            return pending;
        }
        if (vector == null) {
            String[] indices = lookupIndices(context, "[" + id + "]");
            VectorNeighboursQueryBuilder pending = copy();
            pending.vectorSupplier = lookUp(context, (client, l) -> VectorLookup.fetch(client, indices, id, field, l));
            return pending;
        }
        return this;
    }

    /** Registers {@code lookup} to run before the query is sent; the supplier answers null until it has. */
    private static <T> Supplier<T> lookUp(QueryRewriteContext context,
        java.util.function.BiConsumer<org.elasticsearch.client.internal.Client, org.elasticsearch.action.ActionListener<T>> lookup) {
        SetOnce<T> found = new SetOnce<>();
        context.registerAsyncAction((client, listener) -> lookup.accept(client, listener.map(v -> {
            found.set(v);
            return null;
        })));
        return found::get;
    }

    private String[] lookupIndices(QueryRewriteContext context, String artworks) {
        if (index != null) {
            return new String[] { index };
        }
        ResolvedIndices resolved = context.getResolvedIndices();
        if (resolved == null || resolved.getConcreteLocalIndices().length == 0) {
            throw new IllegalArgumentException("[" + NAME + "] cannot find the index of artwork " + artworks + " here: name it with ["
                + INDEX.getPreferredName() + "] or give a [" + VECTOR.getPreferredName() + "]");
        }
        return Arrays.stream(resolved.getConcreteLocalIndices()).map(Index::getName).toArray(String[]::new);
    }

    @Override
    protected Query doToQuery(SearchExecutionContext context, MaxClauseCountQueryVisitor visitor) throws IOException {
        if (feedback != null ? feedback.pending() : vector == null) {
            throw new IllegalStateException("[" + NAME + "] was not rewritten: the vector of " + (feedback != null ? feedback.ids() : "[" + id + "]")
                + " was never looked up");
        }
        DenseVectorFieldType fieldType = vectorFieldType(context.getFieldType(field), field);
        int dims;
        try {
            dims = fieldType.getVectorDimensions();
        } catch (NullPointerException noDimsYet) {
            // a dynamically mapped vector field that has received no document yet has no dimensions and no vectors
            return new MatchNoDocsQuery("no vectors indexed in [" + field + "]");
        }
        Similarity similarity = similarity(fieldType, field);
        float[] vector = this.vector;
        if (feedback != null) {
            int given = feedback.all().get(0).vector().length;
            if (given != dims) {
                throw new IllegalArgumentException("[" + NAME + "] the examples' vectors have " + given + " dimensions but field [" + field
                    + "] has " + dims);
            }
            vector = feedback.queryVector(similarity);
            if (fieldType.getElementType() == DenseVectorFieldMapper.ElementType.BYTE
                && (similarity == Similarity.COSINE || similarity == Similarity.DOT_PRODUCT)) {
                // the combined direction of byte vectors is scaled back into the bytes' range (the scale changes no ranking)
                vector = scaledToBytes(vector);
            }
        }
        if (vector.length != dims) {
            throw new IllegalArgumentException("[" + NAME + "] the vector has " + vector.length + " dimensions but field [" + field
                + "] has " + dims);
        }
        float[] queryVector = vector;
        boolean unitQuery = similarity == Similarity.DOT_PRODUCT || (similarity == Similarity.COSINE && fieldType.isNormalized());
        if (feedback != null && fieldType.getElementType() == DenseVectorFieldMapper.ElementType.BYTE) {
            unitQuery = false; // scaled into the bytes' range above instead
        }
        if (unitQuery) {
            // the field stores unit vectors and scores with a dot product, so the query must be a unit vector too
            if (VectorMath.norm(vector) == 0) {
                throw new IllegalArgumentException("[" + NAME + "] a zero vector has no direction for [" + similarity.displayName()
                    + "] similarity");
            }
            queryVector = VectorMath.normalized(vector);
        }

        Query scoring = switch (fieldType.getElementType()) {
            case FLOAT, BFLOAT16 -> VectorNeighboursQuery.floats(field, queryVector, similarity, direction);
            case BYTE -> VectorNeighboursQuery.bytes(field, toBytes(queryVector), similarity, direction);
            case BIT -> throw new IllegalArgumentException("[" + NAME + "] does not support bit vectors in field [" + field + "]");
        };
        // the filter is built uncounted: the clause count and memory of the whole query are taken once, below
        Query filterQuery = filter == null ? null : filter.toQuery(context, new MaxClauseCountQueryVisitor(Integer.MAX_VALUE));

        Query excluded = excluded(context);

        BooleanQuery.Builder query = new BooleanQuery.Builder();
        if (approximate && candidateSource(fieldType, similarity) == CandidateSource.QUANTIZED) {
            // one pass over the quantized vectors picks the candidates (filter and exclusions honoured) and rescores them exactly
            query.add(new QuantizedPassQuery(field, queryVector, similarity, direction, numCandidates, filterQuery, excluded), Occur.MUST);
        } else {
            query.add(scoring, Occur.MUST);
            if (approximate) {
                query.add(candidates(context, fieldType, similarity, queryVector, filterQuery), Occur.FILTER);
            } else if (filterQuery != null) {
                query.add(filterQuery, Occur.FILTER);
            }
        }
        if (excluded != null) {
            query.add(excluded, Occur.MUST_NOT);
        }
        Query built = query.build();
        built.visit(visitor);
        return built;
    }

    /** The artworks left out of the hits: the one named by {@code id}, or those named among the examples; null for none. */
    private Query excluded(SearchExecutionContext context) {
        if (includeSelf) {
            return null;
        }
        MappedFieldType idField = context.getFieldType(IdFieldMapper.NAME);
        if (id != null) {
            return idField.termQuery(id, context);
        }
        if (feedback != null && feedback.ids().isEmpty() == false) {
            return idField.termsQuery(feedback.ids(), context);
        }
        return null;
    }

    /** The index types whose index keeps a quantized copy of every vector beside the full-precision one. */
    private static final Set<DenseVectorFieldMapper.VectorIndexType> QUANTIZED_TYPES = Set.of(
        DenseVectorFieldMapper.VectorIndexType.INT8_HNSW, DenseVectorFieldMapper.VectorIndexType.INT4_HNSW,
        DenseVectorFieldMapper.VectorIndexType.BBQ_HNSW, DenseVectorFieldMapper.VectorIndexType.INT8_FLAT,
        DenseVectorFieldMapper.VectorIndexType.INT4_FLAT, DenseVectorFieldMapper.VectorIndexType.BBQ_FLAT);

    private static final String QUANTIZED_TYPE_NAMES = "int8_hnsw, int4_hnsw, bbq_hnsw, int8_flat, int4_flat or bbq_flat";

    private static String indexType(DenseVectorFieldType fieldType) {
        return fieldType.getIndexOptions() == null ? "none" : fieldType.getIndexOptions().getType().getName();
    }

    static boolean keepsQuantizedVectors(DenseVectorFieldType fieldType) {
        return fieldType.getElementType() != DenseVectorFieldMapper.ElementType.BYTE
            && fieldType.getElementType() != DenseVectorFieldMapper.ElementType.BIT
            && fieldType.getIndexOptions() != null && QUANTIZED_TYPES.contains(fieldType.getIndexOptions().getType());
    }

    /**
     * Where approximate mode takes its candidates: the quantized pass for farthest on a field that keeps quantized
     * vectors (HNSW is built to find the nearest, and finds the farthest only through -q, poorly), the graph otherwise.
     * What cannot work answers 400 with the reason.
     */
    private CandidateSource candidateSource(DenseVectorFieldType fieldType, Similarity similarity) {
        boolean quantized = keepsQuantizedVectors(fieldType);
        if (candidateSource == CandidateSource.QUANTIZED && quantized == false) {
            throw new IllegalArgumentException("[" + NAME + "] [" + CANDIDATE_SOURCE.getPreferredName() + "] [quantized] needs a field "
                + "whose index keeps quantized vectors (index_options type " + QUANTIZED_TYPE_NAMES + "); field [" + field
                + "] is a [" + fieldType.getElementType() + "] field indexed as [" + indexType(fieldType) + "]");
        }
        CandidateSource source = candidateSource != CandidateSource.AUTO ? candidateSource
            : direction == Direction.FARTHEST && quantized ? CandidateSource.QUANTIZED
            : CandidateSource.HNSW;
        if (source == CandidateSource.HNSW && direction == Direction.FARTHEST && similarity.farthestIsNearestOfNegation() == false) {
            throw new IllegalArgumentException("[" + NAME + "] approximate farthest on an l2_norm field needs the quantized pass, and "
                + "field [" + field + "] is indexed as [" + indexType(fieldType) + "], which keeps no quantized vectors (HNSW finds "
                + "the farthest only as the nearest to the negated vector, which l2_norm does not allow): map it with "
                + QUANTIZED_TYPE_NAMES + ", or search it exactly");
        }
        return source;
    }

    /** The approximate candidate set: HNSW nearest to q, or (farthest) nearest to -q. */
    private Query candidates(SearchExecutionContext context, DenseVectorFieldType fieldType, Similarity similarity, float[] q,
        Query filterQuery) {
        float[] target = direction == Direction.FARTHEST ? VectorMath.negated(q) : q;
        VectorData data = fieldType.getElementType() == DenseVectorFieldMapper.ElementType.BYTE
            ? new VectorData(toBytes(target))
            : VectorData.fromFloats(target);
        return fieldType.createKnnQuery(data, numCandidates, numCandidates, null, null, filterQuery, null, null,
            context.getIndexSettings().getHnswFilterHeuristic(), context.getIndexSettings().getHnswEarlyTermination());
    }

    static DenseVectorFieldType vectorFieldType(MappedFieldType fieldType, String field) {
        if (fieldType == null) {
            throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] does not exist in the mapping");
        }
        if (fieldType instanceof DenseVectorFieldType vectorType) {
            if (vectorType.getSimilarity() == null) {
                throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] is not indexed: map it with \"index\": true");
            }
            return vectorType;
        }
        throw new IllegalArgumentException("[" + NAME + "] field [" + field + "] is of type [" + fieldType.typeName()
            + "], not [" + DenseVectorFieldMapper.CONTENT_TYPE + "]");
    }

    static Similarity similarity(DenseVectorFieldType fieldType, String field) {
        return Similarity.fromName(fieldType.getSimilarity().name());
    }

    private static float[] scaledToBytes(float[] v) {
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = max == 0 ? 0 : v[i] * (Byte.MAX_VALUE / max);
        }
        return out;
    }

    private static byte[] toBytes(float[] v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            float x = Math.round(v[i]);
            if (x < Byte.MIN_VALUE || x > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("[" + NAME + "] byte vectors hold values in [-128, 127], got " + v[i]);
            }
            out[i] = (byte) x;
        }
        return out;
    }

    private VectorNeighboursQueryBuilder copy() {
        VectorNeighboursQueryBuilder copy = new VectorNeighboursQueryBuilder(field);
        copy.id = id;
        copy.index = index;
        copy.vector = vector;
        copy.direction = direction;
        copy.includeSelf = includeSelf;
        copy.approximate = approximate;
        copy.numCandidates = numCandidates;
        copy.candidateSource = candidateSource;
        copy.filter = filter;
        copy.feedback = feedback;
        copy.boost(boost()).queryName(queryName());
        return copy;
    }

    public VectorNeighboursQueryBuilder field(String field) {
        this.field = field;
        return this;
    }

    public VectorNeighboursQueryBuilder id(String id) {
        this.id = id;
        return this;
    }

    public VectorNeighboursQueryBuilder index(String index) {
        this.index = index;
        return this;
    }

    public VectorNeighboursQueryBuilder vector(float[] vector) {
        this.vector = vector;
        return this;
    }

    public VectorNeighboursQueryBuilder direction(Direction direction) {
        this.direction = Objects.requireNonNull(direction);
        return this;
    }

    public VectorNeighboursQueryBuilder includeSelf(boolean includeSelf) {
        this.includeSelf = includeSelf;
        return this;
    }

    public VectorNeighboursQueryBuilder approximate(boolean approximate) {
        this.approximate = approximate;
        return this;
    }

    public VectorNeighboursQueryBuilder numCandidates(int numCandidates) {
        this.numCandidates = numCandidates;
        return this;
    }

    public VectorNeighboursQueryBuilder candidateSource(CandidateSource candidateSource) {
        this.candidateSource = Objects.requireNonNull(candidateSource);
        return this;
    }

    public CandidateSource candidateSource() {
        return candidateSource;
    }

    public boolean approximate() {
        return approximate;
    }

    public VectorNeighboursQueryBuilder filter(QueryBuilder filter) {
        this.filter = filter;
        return this;
    }

    /** The examples to be more like (at least one), replacing any earlier likes. */
    public VectorNeighboursQueryBuilder like(List<Example> like) {
        this.feedback = new Feedback(like, feedback == null ? List.of() : feedback.unlike());
        return this;
    }

    /** The examples to be less like, replacing any earlier unlikes. */
    public VectorNeighboursQueryBuilder unlike(List<Example> unlike) {
        this.feedback = new Feedback(feedback == null ? List.of() : feedback.like(), unlike);
        return this;
    }

    public VectorNeighboursQueryBuilder feedback(Feedback feedback) {
        this.feedback = feedback;
        return this;
    }

    public Feedback feedback() {
        return feedback;
    }

    public String field() {
        return field;
    }

    public String id() {
        return id;
    }

    public float[] vector() {
        return vector;
    }

    public Direction direction() {
        return direction;
    }

    @Override
    protected boolean doEquals(VectorNeighboursQueryBuilder other) {
        return field.equals(other.field) && Objects.equals(id, other.id) && Objects.equals(index, other.index)
            && Arrays.equals(vector, other.vector) && direction == other.direction && includeSelf == other.includeSelf
            && approximate == other.approximate && numCandidates == other.numCandidates && candidateSource == other.candidateSource
            && Objects.equals(filter, other.filter)
            && Objects.equals(feedback, other.feedback)
            && Objects.equals(vectorSupplier, other.vectorSupplier) && Objects.equals(feedbackSupplier, other.feedbackSupplier);
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(field, id, index, Arrays.hashCode(vector), direction, includeSelf, approximate, numCandidates, candidateSource,
            filter, feedback);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public TransportVersion getMinimalSupportedVersion() {
        return TransportVersion.minimumCompatible();
    }
}
