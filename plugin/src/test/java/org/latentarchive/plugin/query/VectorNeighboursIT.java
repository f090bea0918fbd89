package org.latentarchive.plugin.query;

import org.elasticsearch.action.search.SearchRequestBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.test.ESIntegTestCase;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.plugin.testing.BruteForce;
import org.latentarchive.plugin.testing.PlantedIndex;
import org.latentarchive.vectors.testing.PlantedVectors;
import org.latentarchive.vectors.Direction;
import org.latentarchive.vectors.Rocchio;
import org.latentarchive.vectors.VectorMath;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertNoFailuresAndResponse;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/** vector_neighbours on a real 2-node cluster, 3 shards, checked against brute force over the same planted vectors. */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class VectorNeighboursIT extends ESIntegTestCase {

    private static final String INDEX = "planted";
    private static final PlantedVectors DATA = PlantedVectors.generate(42, 600, 64, 6, 0.6);

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(LatentArchivePlugin.class);
    }

    @org.junit.Before
    public void indexPlantedVectorsOnce() throws Exception {
        if (indexExists(INDEX) == false) {
            PlantedIndex.create(client(), INDEX, 3, DATA);
            ensureGreen(INDEX);
        }
    }

    public void testNearestByVectorEqualsBruteForce() {
        float[] q = DATA.vectors()[7].clone();
        q[0] += 0.3f;
        List<Integer> expected = BruteForce.byCosine(DATA, q, 10, false, i -> true);
        assertThat(search(new VectorNeighboursQueryBuilder(PlantedIndex.FIELD).vector(q), 10), equalTo(expected));
    }

    public void testFarthestByIdEqualsBruteForceAndLeavesTheArtworkOut() {
        List<Integer> expected = BruteForce.byCosine(DATA, DATA.vectors()[3], 10, true, i -> i != 3);
        VectorNeighboursQueryBuilder query = new VectorNeighboursQueryBuilder(PlantedIndex.FIELD).id(PlantedIndex.id(3))
            .direction(Direction.FARTHEST);
        assertThat(search(query, 10), equalTo(expected));
    }

    public void testNearestByIdExcludesItselfUnlessAsked() {
        VectorNeighboursQueryBuilder query = new VectorNeighboursQueryBuilder(PlantedIndex.FIELD).id(PlantedIndex.id(11));
        List<Integer> without = search(query, 5);
        assertThat(without, not(hasItem(11)));
        assertThat(without, equalTo(BruteForce.byCosine(DATA, DATA.vectors()[11], 5, false, i -> i != 11)));
        assertThat(search(query.includeSelf(true), 1), equalTo(List.of(11)));
    }

    public void testFilterRestrictsScoringToMatchingDocuments() {
        float[] q = DATA.vectors()[20];
        for (Direction direction : Direction.values()) {
            boolean farthest = direction == Direction.FARTHEST;
            List<Integer> expected = BruteForce.byCosine(DATA, q, 8, farthest, i -> DATA.labels()[i] == 2 && i % 2 == 0);
            var filtered = QueryBuilders.boolQuery()
                .must(new VectorNeighboursQueryBuilder(PlantedIndex.FIELD).vector(q).direction(direction))
                .filter(QueryBuilders.termQuery("group", PlantedIndex.group(2)))
                .mustNot(QueryBuilders.termsQuery("n", oddNumbers()));
            assertThat(direction.toString(), searchIds(prepare(filtered, 8)), equalTo(expected));
        }
    }

    public void testFarthestReturnsLeastSimilarFirstWithNonNegativeScores() {
        float[] q = DATA.vectors()[0];
        assertNoFailuresAndResponse(prepare(new VectorNeighboursQueryBuilder(PlantedIndex.FIELD).vector(q).direction(Direction.FARTHEST), 50),
            response -> {
                double previousCosine = -2;
                for (SearchHit hit : response.getHits().getHits()) {
                    assertThat(hit.getScore(), greaterThanOrEqualTo(0f));
                    double cosine = VectorMath.cosine(q, DATA.vectors()[PlantedIndex.number(hit.getId())]);
                    assertThat("farthest first: cosine must not fall", cosine, greaterThanOrEqualTo(previousCosine - 1e-6));
                    // the score is the field's cosine score reversed: 1 - (1 + cos) / 2
                    assertEquals((1 - cosine) / 2, hit.getScore(), 1e-4);
                    previousCosine = cosine;
                }
            });
    }

    public void testApproximateFarthestFindsMostOfTheExactAnswer() {
        int hits = 0;
        int total = 0;
        for (int probe = 0; probe < 10; probe++) {
            float[] q = DATA.vectors()[probe * 37];
            List<Integer> exact = BruteForce.byCosine(DATA, q, 10, true, i -> true);
            List<Integer> approximate = search(new VectorNeighboursQueryBuilder(PlantedIndex.FIELD).vector(q)
                .direction(Direction.FARTHEST).approximate(true).numCandidates(50), 10);
            hits += (int) approximate.stream().filter(exact::contains).count();
            total += exact.size();
        }
        assertThat("recall@10 of approximate farthest", (double) hits / total, greaterThanOrEqualTo(0.9));
    }

    public void testWrongDimensionsAreRejectedWithTheReason() {
        var query = new VectorNeighboursQueryBuilder(PlantedIndex.FIELD).vector(new float[] { 1, 2, 3 });
        Exception e = expectThrows(Exception.class, () -> prepare(query, 1).get().decRef());
        assertThat(rootMessage(e), equalTo("[vector_neighbours] the vector has 3 dimensions but field [vec] has 64"));
    }

    public void testUnknownArtworkIsRejectedWithTheReason() {
        var query = new VectorNeighboursQueryBuilder(PlantedIndex.FIELD).id("no-such-artwork");
        Exception e = expectThrows(Exception.class, () -> prepare(query, 1).get().decRef());
        assertThat(rootMessage(e), equalTo("artwork [no-such-artwork] does not exist in [planted]"));
    }

    private static final String L2 = "planted_l2";
    private static final String MIP = "planted_mip";

    private static Rocchio.Example example(int i) {
        return Rocchio.Example.of(DATA.vectors()[i]);
    }

    /** likes doc-5 (twice the weight), doc-130 and a point near doc-7; unlikes doc-300: the brute-force Rocchio query. */
    private static VectorNeighboursQueryBuilder feedbackQuery(float[] point) {
        return new VectorNeighboursQueryBuilder(PlantedIndex.FIELD)
            .like(List.of(new Example(PlantedIndex.id(5), null, 2), Example.ofId(PlantedIndex.id(130)), Example.ofVector(point)))
            .unlike(List.of(Example.ofId(PlantedIndex.id(300))));
    }

    private static float[] nearSeven() {
        float[] point = DATA.vectors()[7].clone();
        point[1] += 0.2f;
        return point;
    }

    private static float[] bruteForceRocchio(boolean directional) {
        return Rocchio.query(List.of(new Rocchio.Example(DATA.vectors()[5], 2), example(130), Rocchio.Example.of(nearSeven())),
            List.of(example(300)), directional);
    }

    private static final java.util.Set<Integer> NAMED = java.util.Set.of(5, 130, 300);

    public void testLikeAndUnlikeEqualBruteForceRocchioAndLeaveTheNamedArtworksOut() {
        float[] q = bruteForceRocchio(true);
        for (Direction direction : Direction.values()) {
            boolean farthest = direction == Direction.FARTHEST;
            List<Integer> expected = BruteForce.byCosine(DATA, q, 12, farthest, i -> NAMED.contains(i) == false);
            assertThat(direction.toString(), search(feedbackQuery(nearSeven()).direction(direction), 12), equalTo(expected));
        }
        // include_self: the liked artworks may come back (doc-5 weighs most, near the query)
        List<Integer> withSelf = search(feedbackQuery(nearSeven()).includeSelf(true), 600);
        assertThat(withSelf, hasItem(5));
        assertThat(withSelf, equalTo(BruteForce.byCosine(DATA, q, 600, false, i -> true)));
    }

    public void testLikeAndUnlikeWithAFilterEqualBruteForce() {
        float[] q = bruteForceRocchio(true);
        for (Direction direction : Direction.values()) {
            boolean farthest = direction == Direction.FARTHEST;
            List<Integer> expected = BruteForce.byCosine(DATA, q, 8, farthest,
                i -> DATA.labels()[i] == 1 && i % 2 == 0 && NAMED.contains(i) == false);
            var filtered = QueryBuilders.boolQuery()
                .must(feedbackQuery(nearSeven()).direction(direction))
                .filter(QueryBuilders.termQuery("group", PlantedIndex.group(1)))
                .mustNot(QueryBuilders.termsQuery("n", oddNumbers()));
            assertThat(direction.toString(), searchIds(prepare(filtered, 8)), equalTo(expected));
            // the same filter inside the query, in approximate mode: HNSW candidates scored exactly
            var approximate = feedbackQuery(nearSeven()).direction(direction).approximate(true).numCandidates(200)
                .filter(QueryBuilders.boolQuery().filter(QueryBuilders.termQuery("group", PlantedIndex.group(1)))
                    .mustNot(QueryBuilders.termsQuery("n", oddNumbers())));
            List<Integer> found = search(approximate, 8);
            assertThat(direction + " approximate recall@8", (double) found.stream().filter(expected::contains).count() / expected.size(),
                greaterThanOrEqualTo(0.75));
        }
    }

    public void testFeedbackOverPointSimilaritiesMovesTheLikedMeanAwayFromTheUnliked() throws Exception {
        if (indexExists(L2) == false) {
            PlantedIndex.create(client(), L2, 2, DATA, "l2_norm");
            PlantedIndex.create(client(), MIP, 2, DATA, "max_inner_product");
            ensureGreen(L2, MIP);
        }
        float[] q = bruteForceRocchio(false);
        java.util.Comparator<Integer> byDistance = java.util.Comparator.comparingDouble(i -> VectorMath.squaredDistance(q, DATA.vectors()[i]));
        java.util.Comparator<Integer> byInnerProduct = java.util.Comparator.comparingDouble(i -> -VectorMath.dot(q, DATA.vectors()[i]));
        for (String index : List.of(L2, MIP)) {
            java.util.Comparator<Integer> nearestFirst = index.equals(L2) ? byDistance : byInnerProduct;
            List<Integer> expected = java.util.stream.IntStream.range(0, DATA.size()).filter(i -> NAMED.contains(i) == false).boxed()
                .sorted(nearestFirst).limit(10).toList();
            assertThat(index, searchIds(prepareSearch(index).setQuery(feedbackQuery(nearSeven())).setSize(10).setFetchSource(false)),
                equalTo(expected));
        }
    }

    public void testUnknownArtworksInLikeAreNamedIn400() {
        var query = new VectorNeighboursQueryBuilder(PlantedIndex.FIELD)
            .like(List.of(Example.ofId(PlantedIndex.id(1)), Example.ofId("no-such-artwork"))).unlike(List.of(Example.ofId("nor-this")));
        Exception e = expectThrows(Exception.class, () -> prepare(query, 1).get().decRef());
        assertThat(rootMessage(e), equalTo("artworks [no-such-artwork, nor-this] do not exist in [planted]"));
    }

    public void testGivenVectorsThatDisagreeWithTheFieldAreRejected() {
        var query = new VectorNeighboursQueryBuilder(PlantedIndex.FIELD)
            .like(List.of(Example.ofId(PlantedIndex.id(1)))).unlike(List.of(Example.ofVector(new float[] { 1, 2, 3 })));
        Exception e = expectThrows(Exception.class, () -> prepare(query, 1).get().decRef());
        assertThat(rootMessage(e), equalTo("[vector_neighbours] examples of different dimensions: artwork [doc-1] has 64, a given vector has 3"));
        var onlyVectors = new VectorNeighboursQueryBuilder(PlantedIndex.FIELD).like(List.of(Example.ofVector(new float[] { 1, 2, 3 })));
        Exception e2 = expectThrows(Exception.class, () -> prepare(onlyVectors, 1).get().decRef());
        assertThat(rootMessage(e2), equalTo("[vector_neighbours] the examples' vectors have 3 dimensions but field [vec] has 64"));
    }

    private static List<Integer> oddNumbers() {
        List<Integer> odd = new ArrayList<>();
        for (int i = 1; i < DATA.size(); i += 2) {
            odd.add(i);
        }
        return odd;
    }

    private SearchRequestBuilder prepare(org.elasticsearch.index.query.QueryBuilder query, int size) {
        return prepareSearch(INDEX).setQuery(query).setSize(size).setFetchSource(false);
    }

    private List<Integer> search(org.elasticsearch.index.query.QueryBuilder query, int size) {
        return searchIds(prepare(query, size));
    }

    private static List<Integer> searchIds(SearchRequestBuilder request) {
        List<Integer> ids = new ArrayList<>();
        assertNoFailuresAndResponse(request, response -> {
            for (SearchHit hit : response.getHits().getHits()) {
                ids.add(PlantedIndex.number(hit.getId()));
            }
            assertThat(response.getHits().getHits().length, lessThanOrEqualTo(request.request().source().size()));
        });
        return ids;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
