package org.latentarchive.plugin.walk;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.common.util.concurrent.CountDown;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.fetch.subphase.FetchSourceContext;
import org.latentarchive.plugin.query.VectorLookup;
import org.latentarchive.plugin.query.VectorNeighboursQueryBuilder;
import org.latentarchive.vectors.Similarity;
import org.latentarchive.vectors.VectorMath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One walk in progress, on the coordinating node. "Nearest artwork not yet on the path" is decided over all shards at
 * once, so an exact walk is the same on one shard or many.
 *
 * <p>In one round (the usual case): the path holds at most N + 2 artworks, so the nearest {@code k + path length}
 * artworks to each of the N points (known up front) are all that the N greedy picks can look at. One search gathers
 * them for every point from every shard ({@link WalkCandidatesAggregationBuilder}); the picks are then made here, in
 * step order, with the same random sequence, exactly as the sequential walk makes them.
 *
 * <p>Sequentially (when one round would not give the same path, or is asked not to be used): one search per stop,
 * each excluding the artworks already on the path.
 *
 * <p>Either way each stop's distance is measured where its vector is read (on the shard, for one round), and the
 * sources of the path's artworks, if asked for, come in one search at the end.
 */
final class Walk {

    private final Client client;
    private final SearchWorkers searchWorkers;
    private final LatentWalkRequest request;
    private final ActionListener<LatentWalkResponse> listener;
    private final long startNanos = System.nanoTime();
    private final Random random;
    private final Set<String> onPath = new LinkedHashSet<>();
    private final List<WalkStep> path = new ArrayList<>();
    private float[][] points;

    /** One round gathers at most this many candidates per shard (over all points); a longer walk runs sequentially. */
    static final int MAX_ONE_ROUND_CANDIDATES = 100_000;

    /** @param searchWorkers this node's search workers, for the shards of the one round that are on this node */
    Walk(Client client, SearchWorkers searchWorkers, LatentWalkRequest request, ActionListener<LatentWalkResponse> listener) {
        this.client = client;
        this.searchWorkers = searchWorkers;
        this.request = request;
        this.listener = listener;
        this.random = new Random(request.seed());
    }

    void start() {
        if (request.from().id() != null && request.to().id() != null) {
            // two artworks: their vectors in one search, which names whichever does not exist or has no vector
            Set<String> ids = new LinkedHashSet<>(List.of(request.from().id(), request.to().id()));
            VectorLookup.fetchAll(client, request.indices(), ids, request.field(), listener.delegateFailureAndWrap(
                (l, vectors) -> walk(vectors.get(request.from().id()), vectors.get(request.to().id()))));
            return;
        }
        // otherwise both ends are looked up at once; if both fail, the start's failure is the one reported
        float[][] ends = new float[2][];
        Exception[] failures = new Exception[2];
        CountDown bothEnds = new CountDown(2);
        List<WalkEndpoint> endpoints = List.of(request.from(), request.to());
        for (int e = 0; e < 2; e++) {
            int end = e;
            ActionListener<float[]> arrived = ActionListener.wrap(v -> ends[end] = v, failure -> failures[end] = failure);
            ActionListener<float[]> counted = ActionListener.runAfter(arrived, () -> {
                if (bothEnds.countDown()) {
                    Exception failure = failures[0] != null ? failures[0] : failures[1];
                    if (failure != null) {
                        listener.onFailure(failure);
                    } else {
                        ActionListener.run(listener, l -> walk(ends[0], ends[1]));
                    }
                }
            });
            try {
                resolve(endpoints.get(end), counted);
            } catch (Exception failure) {
                counted.onFailure(failure);
            }
        }
    }

    private void walk(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("[from] and [to] vectors differ in length: " + a.length + " and " + b.length);
        }
        points = request.interpolation().interiorPoints(a, b, request.steps());
        for (WalkEndpoint end : List.of(request.from(), request.to())) {
            if (end.id() != null) {
                onPath.add(end.id());
            }
        }
        path.add(new WalkStep(0, null, request.from().id(), 0, null));
        int[] sizes = oneRoundSizes(request, onPath.size());
        if (sizes != null) {
            oneRound(sizes);
        } else {
            stop(1);
        }
    }

    /**
     * How many candidates point i (0-based) needs in one round: as many as its stop looks at (k, or 1 for nearest) plus
     * every artwork that can be on the path by then (the ends named by id, and the i artworks picked before it); its
     * sequential stop asks for exactly that many hits. Null where one round would not give the sequential path, or is
     * too big:
     * <ul>
     * <li>in approximate mode a stop asks HNSW for {@code num_candidates} per shard and drops the path from those, until the
     * path is too long for that and the stop excludes it inside the HNSW search instead (which changes its candidates);
     * one round holds while every stop drops the path from its candidates, i.e. while the last stop's size is at most
     * {@code num_candidates}. Exact stops rank every eligible artwork, so excluding or dropping the path is the same;</li>
     * <li>more than {@value #MAX_ONE_ROUND_CANDIDATES} candidates per shard in all (a walk of about 440 nearest steps).</li>
     * </ul>
     */
    static int[] oneRoundSizes(LatentWalkRequest request, int endsOnPath) {
        if (request.sequential()) {
            return null;
        }
        int[] sizes = new int[request.steps()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = endsOnPath + i + request.candidatesPerStep();
            total += sizes[i];
        }
        if (request.exact() == false && sizes[sizes.length - 1] > request.numCandidates()) {
            return null;
        }
        return total <= MAX_ONE_ROUND_CANDIDATES ? sizes : null;
    }

    /**
     * The query a stop runs for {@code point}: the nearest artworks by the field's own similarity among those the filter
     * lets through (less the {@code excluded} ones), exactly or among the HNSW candidates. One round runs it per point
     * on every shard, so that both ways rank the same artworks the same way.
     */
    static VectorNeighboursQueryBuilder stopQuery(String field, float[] point, boolean exact, int numCandidates, QueryBuilder filter,
        Set<String> excluded) {
        BoolQueryBuilder eligible = QueryBuilders.boolQuery();
        if (filter != null) {
            eligible.filter(filter);
        }
        if (excluded.isEmpty() == false) {
            eligible.mustNot(QueryBuilders.idsQuery().addIds(excluded.toArray(String[]::new)));
        }
        VectorNeighboursQueryBuilder nearest = new VectorNeighboursQueryBuilder(field).vector(point)
            .approximate(exact == false)
            .numCandidates(numCandidates);
        if (eligible.hasClauses()) {
            nearest.filter(eligible);
        }
        return nearest;
    }

    static VectorNeighboursQueryBuilder stopQuery(String field, float[] point, boolean exact, int numCandidates, QueryBuilder filter) {
        return stopQuery(field, point, exact, numCandidates, filter, Set.of());
    }

    /** Gathers every point's candidates in one search, then makes the picks here. */
    private void oneRound(int[] sizes) {
        String name = WalkCandidatesAggregationBuilder.NAME;
        SearchSourceBuilder source = new SearchSourceBuilder().size(0)
            .trackTotalHits(false)
            .aggregation(new WalkCandidatesAggregationBuilder(name, request.field(), points, sizes, request.exact(),
                request.numCandidates(), request.filter(), searchWorkers));
        client.search(search(source).requestCache(false), listener.delegateFailureAndWrap((l, response) -> {
                    InternalWalkCandidates candidates = response.getAggregations().get(name);
            for (int step = 1; step <= request.steps(); step++) {
                List<InternalWalkCandidates.Candidate> hits = new ArrayList<>(request.candidatesPerStep());
                for (InternalWalkCandidates.Candidate c : candidates.candidates(step - 1)) {
                    if (hits.size() < request.candidatesPerStep() && onPath.contains(c.id()) == false) {
                        hits.add(c);
                    }
                }
                if (hits.isEmpty()) {
                    throw ranOut(step);
                }
                InternalWalkCandidates.Candidate chosen = request.pick().choose(hits, random);
                onPath.add(chosen.id());
                path.add(new WalkStep(step, chosen.index(), chosen.id(), chosen.distance(), null));
            }
            path.add(new WalkStep(request.steps() + 1, null, request.to().id(), 0, null));
            fetchPath();
        }));
    }

    private IllegalArgumentException ranOut(int step) {
        return new IllegalArgumentException("the walk ran out of artworks at step " + step + " of " + request.steps()
            + ": fewer artworks than steps match its filter in field [" + request.field() + "]");
    }

    /** Every search of a walk answers for every shard or fails: a path over some of the shards would be another path. */
    private SearchRequest search(SearchSourceBuilder source) {
        return new SearchRequest(request.indices()).source(source).allowPartialSearchResults(false);
    }

    private void resolve(WalkEndpoint endpoint, ActionListener<float[]> vector) {
        if (endpoint.vector() != null) {
            vector.onResponse(endpoint.vector());
        } else if (endpoint.feedback() != null) {
            // a walk measures cosine distances, so the examples count by direction
            endpoint.feedback().resolve(client, request.indices(), request.field(), "a walk endpoint's",
                vector.map(f -> f.queryVector(Similarity.COSINE)));
        } else {
            VectorLookup.fetch(client, request.indices(), endpoint.id(), request.field(), vector);
        }
    }

    /** The sequential walk: picks the artwork for interpolation point {@code step} (1-based), then moves on to the next. */
    private void stop(int step) {
        if (step > request.steps()) {
            path.add(new WalkStep(request.steps() + 1, null, request.to().id(), 0, null));
            fetchPath();
            return;
        }
        float[] point = points[step - 1];
        int wanted = request.candidatesPerStep();
        // The path is short next to the candidates a stop looks at: asking for that many more hits and dropping the
        // path's artworks here spares every shard a filter over all its documents (and HNSW a filtered search).
        // A path too long for that is excluded by the query itself.
        boolean dropPathHere = onPath.size() + wanted <= request.numCandidates();
        VectorNeighboursQueryBuilder nearest = stopQuery(request.field(), point, request.exact(), request.numCandidates(),
            request.filter(), dropPathHere ? Set.of() : onPath);
        SearchSourceBuilder source = new SearchSourceBuilder().query(nearest)
            .size(dropPathHere ? onPath.size() + wanted : wanted)
            .fetchSource(false)
            .docValueField(request.field());
        client.search(search(source), listener.delegateFailureAndWrap((l, response) -> {
            List<SearchHit> hits = new ArrayList<>(wanted);
            for (SearchHit hit : response.getHits().getHits()) {
                if (hits.size() < wanted && onPath.contains(hit.getId()) == false) {
                    hits.add(hit);
                }
            }
            if (hits.isEmpty()) {
                throw ranOut(step);
            }
            SearchHit chosen = request.pick().choose(hits, random);
            onPath.add(chosen.getId());
            path.add(new WalkStep(step, chosen.getIndex(), chosen.getId(), distance(vectorOf(chosen), point), null));
            stop(step + 1);
        }));
    }

    private float[] vectorOf(SearchHit hit) {
        DocumentField value = hit.field(request.field());
        if (value == null) {
            throw new IllegalStateException("artwork [" + hit.getId() + "] came back without its vector");
        }
        return VectorLookup.toFloats(value.getValues(), hit.getId(), request.field());
    }

    /** A stop's distance to its point: the cosine distance of the artwork's vector as {@code docvalue_fields} brings it. */
    static double distance(float[] vector, float[] point) {
        return distance(vector, VectorMath.norm(vector), point, VectorMath.norm(point));
    }

    /** The same distance, for a vector and a point whose norms are known. */
    static double distance(float[] vector, double vectorNorm, float[] point, double pointNorm) {
        return 1 - VectorMath.cosine(vector, vectorNorm, point, pointNorm);
    }

    /** Fetches the path's sources as asked, in one search (none when no source is asked for). */
    private void fetchPath() {
        FetchSourceContext wanted = request.source() != null
            ? request.source()
            : FetchSourceContext.of(true, null, new String[] { request.field() });
        List<String> ids = path.stream().map(WalkStep::id).filter(id -> id != null).distinct().toList();
        if (wanted.fetchSource() == false || ids.isEmpty()) {
            finish(Map.of());
            return;
        }
        SearchSourceBuilder source = new SearchSourceBuilder().query(QueryBuilders.idsQuery().addIds(ids.toArray(String[]::new)))
            .size(ids.size())
            .fetchSource(wanted);
        client.search(search(source), listener.delegateFailureAndWrap((l, response) -> finish(byId(response))));
    }

    /** One artwork as the last search found it: its index and its source. */
    private record Fetched(String index, BytesReference source) {}

    /** Copies each hit's source: the response's buffers are released once the listener returns. */
    private Map<String, List<Fetched>> byId(SearchResponse response) {
        Map<String, List<Fetched>> found = new HashMap<>();
        for (SearchHit hit : response.getHits().getHits()) {
            BytesReference source = hit.getSourceRef() == null ? null : new BytesArray(hit.getSourceRef().toBytesRef(), true);
            found.computeIfAbsent(hit.getId(), id -> new ArrayList<>()).add(new Fetched(hit.getIndex(), source));
        }
        return found;
    }

    private void finish(Map<String, List<Fetched>> fetched) {
        List<WalkStep> complete = new ArrayList<>(path.size());
        for (WalkStep step : path) {
            List<Fetched> copies = step.id() == null ? null : fetched.get(step.id());
            Fetched found = copies == null ? null : copies.stream().filter(f -> f.index().equals(step.index())).findFirst()
                .orElse(copies.get(0));
            complete.add(found == null ? step : step.withSource(found.index(), found.source()));
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        listener.onResponse(new LatentWalkResponse(took, request.field(), complete));
    }
}
