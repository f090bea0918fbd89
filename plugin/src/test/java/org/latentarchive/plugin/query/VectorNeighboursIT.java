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
