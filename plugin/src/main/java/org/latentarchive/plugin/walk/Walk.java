package org.latentarchive.plugin.walk;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.index.query.BoolQueryBuilder;
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
 * One walk in progress, on the coordinating node. Each stop is a search over the whole index (all shards), so that
 * "nearest artwork not yet on the path" is decided globally: the result is the same on one shard or many.
 *
 * <p>The stops run one after another, each excluding the artworks already on the path; the sources of the path's
 * artworks are fetched in one search at the end.
 */
final class Walk {

    private final Client client;
    private final LatentWalkRequest request;
    private final ActionListener<LatentWalkResponse> listener;
    private final long startNanos = System.nanoTime();
    private final Random random;
    private final Set<String> onPath = new LinkedHashSet<>();
    private final List<WalkStep> path = new ArrayList<>();
    private float[][] points;

    Walk(Client client, LatentWalkRequest request, ActionListener<LatentWalkResponse> listener) {
        this.client = client;
        this.request = request;
        this.listener = listener;
        this.random = new Random(request.seed());
    }

    void start() {
        resolve(request.from(), listener.delegateFailureAndWrap((l1, a) -> resolve(request.to(), l1.delegateFailureAndWrap((l2, b) -> {
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
            stop(1);
        }))));
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

    /** Picks the artwork for interpolation point {@code step} (1-based), then moves on to the next. */
    private void stop(int step) {
        if (step > request.steps()) {
            path.add(new WalkStep(request.steps() + 1, null, request.to().id(), 0, null));
            fetchSources();
            return;
        }
        float[] point = points[step - 1];
        int wanted = request.candidatesPerStep();
        // The path is short next to the candidates a stop looks at: asking for that many more hits and dropping the
        // path's artworks here spares every shard a filter over all its documents (and HNSW a filtered search).
        // A path too long for that is excluded by the query itself.
        boolean dropPathHere = onPath.size() + wanted <= request.numCandidates();
        BoolQueryBuilder eligible = QueryBuilders.boolQuery();
        if (request.filter() != null) {
            eligible.filter(request.filter());
        }
        if (dropPathHere == false) {
            eligible.mustNot(QueryBuilders.idsQuery().addIds(onPath.toArray(String[]::new)));
        }
        VectorNeighboursQueryBuilder nearest = new VectorNeighboursQueryBuilder(request.field()).vector(point)
            .approximate(request.exact() == false)
            .numCandidates(request.numCandidates());
        if (eligible.hasClauses()) {
            nearest.filter(eligible);
        }
        SearchSourceBuilder source = new SearchSourceBuilder().query(nearest)
            .size(dropPathHere ? onPath.size() + wanted : wanted)
            .fetchSource(false)
            .docValueField(request.field());
        client.search(new SearchRequest(request.indices()).source(source), listener.delegateFailureAndWrap((l, response) -> {
            List<SearchHit> hits = new ArrayList<>(wanted);
            for (SearchHit hit : response.getHits().getHits()) {
                if (hits.size() < wanted && onPath.contains(hit.getId()) == false) {
                    hits.add(hit);
                }
            }
            if (hits.isEmpty()) {
                throw new IllegalArgumentException("the walk ran out of artworks at step " + step + " of " + request.steps()
                    + ": fewer artworks than steps match its filter in field [" + request.field() + "]");
            }
            SearchHit chosen = request.pick().choose(hits, random);
            float[] vector = vectorOf(chosen);
            onPath.add(chosen.getId());
            path.add(new WalkStep(step, chosen.getIndex(), chosen.getId(), 1 - VectorMath.cosine(vector, point), null));
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

    private void fetchSources() {
        FetchSourceContext wanted = request.source() != null
            ? request.source()
            : FetchSourceContext.of(true, null, new String[] { request.field() });
        List<String> ids = path.stream().map(WalkStep::id).filter(id -> id != null).toList();
        if (wanted.fetchSource() == false || ids.isEmpty()) {
            finish(Map.of());
            return;
        }
        SearchSourceBuilder source = new SearchSourceBuilder().query(QueryBuilders.idsQuery().addIds(ids.toArray(String[]::new)))
            .size(ids.size())
            .fetchSource(wanted);
        client.search(new SearchRequest(request.indices()).source(source), listener.delegateFailureAndWrap((l, response) -> {
            finish(byId(response));
        }));
    }

    /** Copies each hit's source: the response's buffers are released once the listener returns. */
    private static Map<String, WalkStep> byId(SearchResponse response) {
        Map<String, WalkStep> sources = new HashMap<>();
        for (SearchHit hit : response.getHits().getHits()) {
            BytesReference source = hit.getSourceRef() == null ? null : new BytesArray(hit.getSourceRef().toBytesRef(), true);
            sources.putIfAbsent(hit.getId(), new WalkStep(0, hit.getIndex(), hit.getId(), 0, source));
        }
        return sources;
    }

    private void finish(Map<String, WalkStep> sources) {
        List<WalkStep> complete = new ArrayList<>(path.size());
        for (WalkStep step : path) {
            WalkStep found = step.id() == null ? null : sources.get(step.id());
            complete.add(found == null ? step : step.withSource(found.index(), found.source()));
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        listener.onResponse(new LatentWalkResponse(took, request.field(), complete));
    }
}
