package org.latentarchive.plugin.walk;

import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.plugin.testing.PlantedIndex;
import org.latentarchive.vectors.testing.PlantedVectors;
import org.latentarchive.vectors.Interpolation;
import org.latentarchive.vectors.VectorMath;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;

/** Latent walks on a 2-node cluster, checked against the prototype's algorithm recomputed by brute force. */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class LatentWalkIT extends ESIntegTestCase {

    private static final PlantedVectors DATA = PlantedVectors.generate(7, 400, 48, 5, 0.7);
    private static final String THREE_SHARDS = "walk3";
    private static final String ONE_SHARD = "walk1";

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(LatentArchivePlugin.class);
    }

    @org.junit.Before
    public void indexPlantedVectorsOnce() throws Exception {
        if (indexExists(THREE_SHARDS) == false) {
            PlantedIndex.create(client(), THREE_SHARDS, 3, DATA);
            PlantedIndex.create(client(), ONE_SHARD, 1, DATA);
            ensureGreen(THREE_SHARDS, ONE_SHARD);
        }
    }

    private LatentWalkRequest walk(String index, int from, int to, int steps) {
        return new LatentWalkRequest(index).field(PlantedIndex.FIELD).from(WalkEndpoint.ofId(PlantedIndex.id(from)))
            .to(WalkEndpoint.ofId(PlantedIndex.id(to))).steps(steps).exact(true);
    }

    private List<String> ids(LatentWalkRequest request) {
        LatentWalkResponse response = client().execute(LatentWalkAction.INSTANCE, request).actionGet();
        return response.path().stream().map(WalkStep::id).toList();
    }

    public void testExactWalkFollowsThePrototypesAlgorithmAndIsUniqueAndOrdered() {
        LatentWalkResponse response = client().execute(LatentWalkAction.INSTANCE, walk(THREE_SHARDS, 0, 201, 12)).actionGet();
        List<WalkStep> path = response.path();
        assertThat(path.size(), equalTo(14));
        for (int i = 0; i < path.size(); i++) {
            assertThat(path.get(i).step(), equalTo(i));
            assertThat(path.get(i).distance(), greaterThanOrEqualTo(0.0));
        }
        List<String> ids = path.stream().map(WalkStep::id).toList();
        assertThat(ids.get(0), equalTo("doc-0"));
        assertThat(ids.get(ids.size() - 1), equalTo("doc-201"));
        assertThat("no artwork twice", new HashSet<>(ids).size(), equalTo(ids.size()));
        assertThat(ids, equalTo(bruteForceWalk(0, 201, 12, Interpolation.LINEAR, i -> true)));
        // the source comes along, without the vector
        assertNotNull(path.get(3).source());
        var source = org.elasticsearch.common.xcontent.XContentHelper.convertToMap(path.get(3).source(), false).v2();
        assertFalse(source.toString(), source.containsKey(PlantedIndex.FIELD));
        assertThat(source.get("n"), equalTo(PlantedIndex.number(path.get(3).id())));
    }

    public void testWalkFromLikeAndUnlikeStartsAtTheirRocchioPoint() {
        org.latentarchive.plugin.query.Feedback feedback = new org.latentarchive.plugin.query.Feedback(
            List.of(org.latentarchive.plugin.query.Example.ofId(PlantedIndex.id(3)),
                org.latentarchive.plugin.query.Example.ofVector(DATA.vectors()[90])),
            List.of(org.latentarchive.plugin.query.Example.ofId(PlantedIndex.id(250))));
        float[] point = org.latentarchive.vectors.Rocchio.query(
            List.of(org.latentarchive.vectors.Rocchio.Example.of(DATA.vectors()[3]), org.latentarchive.vectors.Rocchio.Example.of(DATA.vectors()[90])),
            List.of(org.latentarchive.vectors.Rocchio.Example.of(DATA.vectors()[250])), true);
        LatentWalkRequest byFeedback = new LatentWalkRequest(THREE_SHARDS).field(PlantedIndex.FIELD).from(WalkEndpoint.ofFeedback(feedback))
            .to(WalkEndpoint.ofId(PlantedIndex.id(201))).steps(8).exact(true);
        LatentWalkRequest byPoint = new LatentWalkRequest(THREE_SHARDS).field(PlantedIndex.FIELD).from(WalkEndpoint.ofVector(point))
            .to(WalkEndpoint.ofId(PlantedIndex.id(201))).steps(8).exact(true);
        List<String> path = ids(byFeedback);
        assertThat(path.size(), equalTo(10));
        assertNull("the start is a point, not an artwork", path.get(0));
        assertThat(path, equalTo(ids(byPoint)));
    }

    public void testWalkIsTheSameOnOneShardAndOnThree() {
        for (Interpolation interpolation : Interpolation.values()) {
            assertThat(interpolation.toString(), ids(walk(ONE_SHARD, 5, 333, 15).interpolation(interpolation)),
                equalTo(ids(walk(THREE_SHARDS, 5, 333, 15).interpolation(interpolation))));
        }
        assertThat(ids(walk(THREE_SHARDS, 5, 333, 15).interpolation(Interpolation.SPHERICAL)),
            equalTo(bruteForceWalk(5, 333, 15, Interpolation.SPHERICAL, i -> true)));
    }

    public void testFilterKeepsEveryPickInsideTheSubset() {
        LatentWalkRequest request = walk(THREE_SHARDS, 1, 2, 8).filter(QueryBuilders.termQuery("group", PlantedIndex.group(4)));
        List<String> ids = ids(request);
        for (String id : ids.subList(1, ids.size() - 1)) {
            assertThat(id, DATA.labels()[PlantedIndex.number(id)], equalTo(4));
        }
        assertThat(ids, equalTo(bruteForceWalk(1, 2, 8, Interpolation.LINEAR, i -> DATA.labels()[i] == 4)));
    }

    public void testRandomTopKIsSeededAndPicksAmongTheNearest() {
        LatentWalkRequest request = walk(THREE_SHARDS, 10, 390, 10).pick(Pick.RANDOM_TOP_K).k(4).seed(99);
        List<String> first = ids(request);
        assertThat("same seed, same walk", ids(request), equalTo(first));
        assertNotEquals("random picks differ from nearest ones", ids(walk(THREE_SHARDS, 10, 390, 10)), first);
        // each pick is among the 4 nearest artworks to its point that were not yet on the path
        float[][] points = Interpolation.LINEAR.interiorPoints(DATA.vectors()[10], DATA.vectors()[390], 10);
        Set<Integer> onPath = new HashSet<>(List.of(10, 390));
        for (int step = 1; step <= 10; step++) {
            float[] point = points[step - 1];
            List<Integer> nearest = nearestNotOnPath(point, onPath, 4, i -> true);
            int picked = PlantedIndex.number(first.get(step));
            assertThat(nearest, hasItem(picked));
            onPath.add(picked);
        }
    }

    public void testApproximateWalkIsUniqueAndEndsWhereAsked() {
        LatentWalkRequest request = walk(THREE_SHARDS, 3, 4, 20).exact(false);
        List<String> ids = ids(request);
        assertThat(ids.size(), equalTo(22));
        assertThat(new HashSet<>(ids).size(), equalTo(22));
        assertThat(ids.get(21), equalTo("doc-4"));
    }

    public void testTooFewArtworksForTheStepsIsAClearError() {
        LatentWalkRequest request = walk(THREE_SHARDS, 0, 1, 5).filter(QueryBuilders.termsQuery("n", List.of(7, 8)));
        Exception e = expectThrows(IllegalArgumentException.class, () -> client().execute(LatentWalkAction.INSTANCE, request).actionGet());
        assertThat(e.getMessage(), equalTo("the walk ran out of artworks at step 3 of 5: fewer artworks than steps match its filter in field [vec]"));
    }

    /** The walk in one round (the default) against the sequential walk (one search per stop), on 1 shard and on 3. */
    public void testOneRoundGivesTheSequentialPathAndDistances() {
        for (String index : List.of(ONE_SHARD, THREE_SHARDS)) {
            for (boolean exact : new boolean[] { true, false }) {
                for (Pick pick : Pick.values()) {
                    for (Interpolation interpolation : Interpolation.values()) {
                        for (boolean filtered : new boolean[] { false, true }) {
                            int from = between(0, DATA.size() - 1);
                            int to = (from + between(1, DATA.size() - 1)) % DATA.size();
                            LatentWalkRequest request = walk(index, from, to, between(5, 25)).exact(exact).pick(pick).k(between(2, 6))
                                .seed(randomLong()).interpolation(interpolation);
                            if (filtered) {
                                request.filter(QueryBuilders.termsQuery("group", PlantedIndex.group(1), PlantedIndex.group(3)));
                            }
                            assertSameAsSequential(request);
                        }
                    }
                }
            }
        }
    }

    public void testOneRoundTakesPointsAndFeedbackAsEnds() {
        org.latentarchive.plugin.query.Feedback feedback = new org.latentarchive.plugin.query.Feedback(
            List.of(org.latentarchive.plugin.query.Example.ofId(PlantedIndex.id(3)),
                org.latentarchive.plugin.query.Example.ofVector(DATA.vectors()[90])),
            List.of(org.latentarchive.plugin.query.Example.ofId(PlantedIndex.id(250))));
        for (boolean exact : new boolean[] { true, false }) {
            assertSameAsSequential(new LatentWalkRequest(THREE_SHARDS).field(PlantedIndex.FIELD).from(WalkEndpoint.ofFeedback(feedback))
                .to(WalkEndpoint.ofVector(DATA.vectors()[77])).steps(10).exact(exact).pick(Pick.RANDOM_TOP_K).k(3).seed(5));
        }
    }

    /** With as many HNSW candidates as a shard has artworks, approximate candidates are all of them: the brute-force walk. */
    public void testApproximateWalkWithEveryCandidateIsTheBruteForceWalk() {
        for (Interpolation interpolation : Interpolation.values()) {
            assertThat(ids(walk(THREE_SHARDS, 5, 333, 15).interpolation(interpolation).exact(false).numCandidates(DATA.size())),
                equalTo(bruteForceWalk(5, 333, 15, interpolation, i -> true)));
        }
        LatentWalkRequest filtered = walk(ONE_SHARD, 1, 2, 8).exact(false).numCandidates(DATA.size())
            .filter(QueryBuilders.termQuery("group", PlantedIndex.group(4)));
        assertThat(ids(filtered), equalTo(bruteForceWalk(1, 2, 8, Interpolation.LINEAR, i -> DATA.labels()[i] == 4)));
    }

    /**
     * Equal vectors score equally: a search breaks such ties by shard, then by document, and so must one round. Every
     * vector here is indexed three times, under ids routed to different shards.
     */
    public void testTiesBreakAsTheSequentialWalkBreaksThem() throws Exception {
        String ties = "walkties";
        if (indexExists(ties) == false) {
            PlantedVectors few = PlantedVectors.generate(11, 60, 16, 3, 0.5);
            PlantedVectors tripled = new PlantedVectors(repeat(few.vectors(), 3), repeat(few.labels(), 3), few.centres());
            PlantedIndex.create(client(), ties, 3, tripled);
            ensureGreen(ties);
        }
        for (boolean exact : new boolean[] { true, false }) {
            for (Pick pick : Pick.values()) {
                LatentWalkRequest request = new LatentWalkRequest(ties).field(PlantedIndex.FIELD).from(WalkEndpoint.ofId(PlantedIndex.id(2)))
                    .to(WalkEndpoint.ofId(PlantedIndex.id(47))).steps(20).exact(exact).pick(pick).k(4).seed(3);
                List<String> path = assertSameAsSequential(request);
                assertThat("ties are broken the same way every time", ids(request), equalTo(path));
            }
        }
    }

    /** A shard that fails fails the walk: a path over the other shards only would be another path. */
    public void testAShardFailureIsAnErrorNotAPartialPath() throws Exception {
        String other = "walk-novectors";
        if (indexExists(other) == false) {
            client().admin().indices().prepareCreate(other).setMapping("vec", "type=keyword").get();
            client().prepareIndex(other).setId("x").setSource("vec", "not a vector").setRefreshPolicy(org.elasticsearch.action.support.WriteRequest.RefreshPolicy.IMMEDIATE).get();
        }
        for (boolean sequential : new boolean[] { false, true }) {
            LatentWalkRequest request = new LatentWalkRequest(THREE_SHARDS, other).field(PlantedIndex.FIELD)
                .from(WalkEndpoint.ofVector(DATA.vectors()[0])).to(WalkEndpoint.ofVector(DATA.vectors()[1])).steps(4).sequential(sequential);
            Exception e = expectThrows(Exception.class, () -> client().execute(LatentWalkAction.INSTANCE, request).actionGet());
            assertThat(org.elasticsearch.ExceptionsHelper.stackTrace(e), org.hamcrest.Matchers.containsString("is of type [keyword]"));
        }
    }

    /** A walk too long for one round's HNSW candidates runs sequentially, and still ends where asked without repeats. */
    public void testLongApproximateWalkFallsBackToSequentialStops() {
        LatentWalkRequest request = walk(THREE_SHARDS, 3, 4, 30).exact(false).numCandidates(20);
        assertNull("the last stop would need 31 + 1 candidates of HNSW's 20", Walk.oneRoundSizes(request, 2));
        List<String> ids = ids(request);
        assertThat(new HashSet<>(ids).size(), equalTo(32));
        assertThat(ids, equalTo(ids(copy(request).sequential(true))));
    }

    private List<String> assertSameAsSequential(LatentWalkRequest request) {
        assertNotNull("one round applies to " + request, Walk.oneRoundSizes(request, 2));
        LatentWalkResponse oneRound = client().execute(LatentWalkAction.INSTANCE, request).actionGet();
        LatentWalkResponse sequential = client().execute(LatentWalkAction.INSTANCE, copy(request).sequential(true)).actionGet();
        List<String> ids = oneRound.path().stream().map(WalkStep::id).toList();
        assertThat(request.toString(), ids, equalTo(sequential.path().stream().map(WalkStep::id).toList()));
        assertThat(request.toString(), oneRound.path().stream().map(WalkStep::distance).toList(),
            equalTo(sequential.path().stream().map(WalkStep::distance).toList()));
        assertThat(request.toString(), oneRound.path().stream().map(WalkStep::index).toList(),
            equalTo(sequential.path().stream().map(WalkStep::index).toList()));
        return ids;
    }

    private static LatentWalkRequest copy(LatentWalkRequest request) {
        return new LatentWalkRequest(request.indices()).field(request.field()).from(request.from()).to(request.to()).steps(request.steps())
            .interpolation(request.interpolation()).pick(request.pick()).k(request.k()).seed(request.seed()).filter(request.filter())
            .exact(request.exact()).numCandidates(request.numCandidates()).source(request.source()).sequential(request.sequential());
    }

    private static float[][] repeat(float[][] vectors, int times) {
        float[][] out = new float[vectors.length * times][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vectors[i % vectors.length];
        }
        return out;
    }

    private static int[] repeat(int[] labels, int times) {
        int[] out = new int[labels.length * times];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i % labels.length];
        }
        return out;
    }

    /** The research prototype's walk: nearest artwork not yet on the path to each interpolation point. */
    private static List<String> bruteForceWalk(int from, int to, int steps, Interpolation interpolation, IntPredicate eligible) {
        float[][] points = interpolation.interiorPoints(DATA.vectors()[from], DATA.vectors()[to], steps);
        Set<Integer> onPath = new HashSet<>(List.of(from, to));
        List<String> path = new ArrayList<>();
        path.add(PlantedIndex.id(from));
        for (float[] point : points) {
            int next = nearestNotOnPath(point, onPath, 1, eligible).get(0);
            onPath.add(next);
            path.add(PlantedIndex.id(next));
        }
        path.add(PlantedIndex.id(to));
        return path;
    }

    private static List<Integer> nearestNotOnPath(float[] point, Set<Integer> onPath, int n, IntPredicate eligible) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < DATA.size(); i++) {
            if (onPath.contains(i) == false && eligible.test(i)) {
                candidates.add(i);
            }
        }
        candidates.sort((x, y) -> Double.compare(VectorMath.cosine(point, DATA.vectors()[y]), VectorMath.cosine(point, DATA.vectors()[x])));
        assertThat(0, lessThan(candidates.size()));
        return candidates.subList(0, Math.min(n, candidates.size()));
    }
}
