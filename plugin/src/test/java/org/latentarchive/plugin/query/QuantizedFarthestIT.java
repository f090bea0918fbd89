package org.latentarchive.plugin.query;

import org.elasticsearch.ExceptionsHelper;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.search.SearchRequestBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.profile.query.QueryProfileShardResult;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.plugin.testing.BruteForce;
import org.latentarchive.plugin.testing.PlantedIndex;
import org.latentarchive.vectors.Direction;
import org.latentarchive.vectors.VectorMath;
import org.latentarchive.vectors.testing.PlantedVectors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertNoFailuresAndResponse;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/**
 * Approximate farthest by the quantized pass, on a real 2-node cluster: fields indexed as int8_hnsw, int4_flat and
 * bbq_hnsw (cosine) and int8_flat (l2_norm), 3 shards of several segments each, against brute force over the same
 * vectors; and what happens on a field that keeps no quantized vectors.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class QuantizedFarthestIT extends ESIntegTestCase {

    /** Overlapping groups in 96 dimensions: the farthest of a point are many near-ties, as with real embeddings. */
    private static final PlantedVectors DATA = PlantedVectors.generate(7, 3000, 96, 12, 0.8);
    private static final String FIELD = PlantedIndex.FIELD;

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(LatentArchivePlugin.class);
    }

    /** Creates {@code index} (3 shards) once, with its vectors written in 4 refreshed batches so every shard has several segments. */
    private void ensureIndex(String index, String indexType, String similarity) throws IOException {
        if (indexExists(index)) {
            return;
        }
        XContentBuilder mapping = XContentFactory.jsonBuilder().startObject().startObject("properties")
            .startObject(FIELD).field("type", "dense_vector").field("dims", DATA.dims()).field("index", true)
            .field("similarity", similarity).startObject("index_options").field("type", indexType).endObject().endObject()
            .startObject("group").field("type", "keyword").endObject()
            .startObject("n").field("type", "integer").endObject()
            .endObject().endObject();
        client().admin().indices().prepareCreate(index)
            .setSettings(Settings.builder().put("index.number_of_shards", 3).put("index.number_of_replicas", 0)
                // the test framework may pick plain Lucene's codec, whose vector format would ignore the index type
                .put("index.codec", "default"))
            .setMapping(mapping).get();
        int batch = DATA.size() / 4;
        for (int start = 0; start < DATA.size(); start += batch) {
            BulkRequestBuilder bulk = client().prepareBulk();
            for (int i = start; i < Math.min(DATA.size(), start + batch); i++) {
                bulk.add(client().prepareIndex(index).setId(PlantedIndex.id(i))
                    .setSource(Map.of(FIELD, DATA.vectors()[i], "group", PlantedIndex.group(DATA.labels()[i]), "n", i)));
            }
            var response = bulk.get();
            assertFalse(response.buildFailureMessage(), response.hasFailures());
            refresh(index);
        }
        ensureGreen(index);
    }

    public void testQuantizedFarthestFindsTheExactFarthestOnEveryQuantizedType() throws IOException {
        for (String type : List.of("int8_hnsw", "int4_flat", "bbq_hnsw")) {
            String index = "planted_" + type;
            ensureIndex(index, type, "cosine");
            // bbq keeps one bit per dimension: its estimates are rougher, so it needs more candidates
            int candidates = type.startsWith("bbq") ? 300 : 100;
            double recall = 0;
            double tenthRatio = 0;
            int probes = 10;
            for (int probe = 0; probe < probes; probe++) {
                float[] q = DATA.vectors()[probe * 211];
                List<Integer> exact = BruteForce.byCosine(DATA, q, 10, true, i -> true);
                List<Hit> found = search(index, farthest(q).numCandidates(candidates), 10);
                recall += found.stream().filter(h -> exact.contains(h.n())).count() / 10.0;
                tenthRatio += cosineDistance(q, found.get(9).n()) / cosineDistance(q, exact.get(9));
                for (Hit hit : found) {
                    // candidates are rescored exactly: the score is the cosine score reversed, from the full-precision vector
                    assertEquals(type, (1 - VectorMath.cosine(q, DATA.vectors()[hit.n()])) / 2, hit.score(), 1e-4);
                }
            }
            assertThat(type + " recall@10", recall / probes, greaterThanOrEqualTo(0.95));
            assertThat(type + " 10th distance against the exact 10th", tenthRatio / probes, greaterThanOrEqualTo(0.999));
        }
    }

    public void testTheFilterAndTheExcludedArtworkAreHonouredDuringThePass() throws IOException {
        ensureIndex("planted_int8_hnsw", "int8_hnsw", "cosine");
        int self = 40;
        float[] q = DATA.vectors()[self];
        IntPredicate eligible = i -> DATA.labels()[i] % 3 == 0 && i % 2 == 0 && i != self;
        List<Integer> expected = BruteForce.byCosine(DATA, q, 10, true, eligible);
        QueryBuilder filter = QueryBuilders.boolQuery()
            .filter(QueryBuilders.termsQuery("group", PlantedIndex.group(0), PlantedIndex.group(3), PlantedIndex.group(6),
                PlantedIndex.group(9)))
            .mustNot(QueryBuilders.termsQuery("n", IntStream.range(0, DATA.size()).filter(i -> i % 2 == 1).boxed().toList()));
        // the filter leaves a sixth of the documents: far fewer than the candidates a shard would otherwise keep
        List<Hit> found = search("planted_int8_hnsw", new VectorNeighboursQueryBuilder(FIELD).id(PlantedIndex.id(self))
            .index("planted_int8_hnsw").direction(Direction.FARTHEST).approximate(true).numCandidates(20).filter(filter), 10);
        assertThat(found.size(), equalTo(10));
        for (Hit hit : found) {
            assertTrue("doc-" + hit.n() + " passes the filter and is not the query's artwork", eligible.test(hit.n()));
        }
        assertThat("recall@10 within the filter", (double) found.stream().filter(h -> expected.contains(h.n())).count() / 10,
            greaterThanOrEqualTo(0.9));
    }

    public void testL2NormFarthestRunsOnTheQuantizedVectorsAndNeedsThem() throws IOException {
        ensureIndex("planted_l2_int8_flat", "int8_flat", "l2_norm");
        float[] q = DATA.vectors()[5];
        Comparator<Integer> farthestFirst = Comparator.comparingDouble(i -> -VectorMath.squaredDistance(q, DATA.vectors()[i]));
        List<Integer> exact = IntStream.range(0, DATA.size()).boxed().sorted(farthestFirst).limit(10).toList();
        List<Hit> found = search("planted_l2_int8_flat", farthest(q), 10);
        assertThat("l2_norm recall@10", (double) found.stream().filter(h -> exact.contains(h.n())).count() / 10, greaterThanOrEqualTo(0.9));

        // without quantized vectors, l2_norm has no approximate farthest: the 400 says what to do
        ensureIndex("planted_l2_hnsw", "hnsw", "l2_norm");
        Exception e = expectThrows(Exception.class, () -> search("planted_l2_hnsw", farthest(q), 10));
        assertThat(ExceptionsHelper.status(e), equalTo(RestStatus.BAD_REQUEST));
        assertThat(VectorNeighboursIT.rootMessage(e), equalTo("[vector_neighbours] approximate farthest on an l2_norm field needs the "
            + "quantized pass, and field [vec] is indexed as [hnsw], which keeps no quantized vectors (HNSW finds the farthest only "
            + "as the nearest to the negated vector, which l2_norm does not allow): map it with int8_hnsw, int4_hnsw, bbq_hnsw, "
            + "int8_flat, int4_flat or bbq_flat, or search it exactly"));
    }

    public void testAFieldWithoutQuantizedVectorsFallsBackToTheGraphAndRefusesThePass() throws IOException {
        ensureIndex("planted_hnsw", "hnsw", "cosine");
        float[] q = DATA.vectors()[9];
        // auto: the HNSW graph on the negated vector, as the profile shows; the quantized pass only where the index keeps quantized vectors
        assertThat(profiledQuery("planted_hnsw", farthest(q)), not(containsString("quantized pass")));
        ensureIndex("planted_int8_hnsw", "int8_hnsw", "cosine");
        assertThat(profiledQuery("planted_int8_hnsw", farthest(q)), containsString("quantized pass"));
        assertThat(profiledQuery("planted_int8_hnsw", farthest(q).candidateSource(CandidateSource.HNSW)), not(containsString("quantized pass")));

        Exception e = expectThrows(Exception.class, () -> search("planted_hnsw", farthest(q).candidateSource(CandidateSource.QUANTIZED), 10));
        assertThat(ExceptionsHelper.status(e), equalTo(RestStatus.BAD_REQUEST));
        assertThat(VectorNeighboursIT.rootMessage(e), equalTo("[vector_neighbours] [candidate_source] [quantized] needs a field whose "
            + "index keeps quantized vectors (index_options type int8_hnsw, int4_hnsw, bbq_hnsw, int8_flat, int4_flat or bbq_flat); "
            + "field [vec] is a [float] field indexed as [hnsw]"));
    }

    public void testThePassAlsoFindsTheNearestWhenAskedFor() throws IOException {
        ensureIndex("planted_int4_flat", "int4_flat", "cosine");
        float[] q = DATA.vectors()[77].clone();
        q[3] += 0.5f;
        List<Integer> exact = BruteForce.byCosine(DATA, q, 10, false, i -> true);
        List<Hit> found = search("planted_int4_flat", new VectorNeighboursQueryBuilder(FIELD).vector(q).approximate(true)
            .candidateSource(CandidateSource.QUANTIZED), 10);
        assertThat("nearest recall@10", (double) found.stream().filter(h -> exact.contains(h.n())).count() / 10, greaterThanOrEqualTo(0.9));
    }

    private static VectorNeighboursQueryBuilder farthest(float[] q) {
        return new VectorNeighboursQueryBuilder(FIELD).vector(q).direction(Direction.FARTHEST).approximate(true);
    }

    private static double cosineDistance(float[] q, int i) {
        return 1 - VectorMath.cosine(q, DATA.vectors()[i]);
    }

    private record Hit(int n, float score) {}

    private List<Hit> search(String index, QueryBuilder query, int size) {
        SearchRequestBuilder request = prepareSearch(index).setQuery(query).setSize(size).setFetchSource(false);
        List<Hit> hits = new ArrayList<>();
        assertNoFailuresAndResponse(request, response -> {
            for (SearchHit hit : response.getHits().getHits()) {
                hits.add(new Hit(PlantedIndex.number(hit.getId()), hit.getScore()));
            }
            assertThat(response.getHits().getHits().length, lessThanOrEqualTo(size));
        });
        return hits;
    }

    /** The descriptions of the Lucene queries the shards ran, from the profile API. */
    private String profiledQuery(String index, QueryBuilder query) {
        StringBuilder descriptions = new StringBuilder();
        assertNoFailuresAndResponse(prepareSearch(index).setQuery(query).setSize(10).setFetchSource(false).setProfile(true), response -> {
            for (var shard : response.getSearchProfileShardResults().values()) {
                for (QueryProfileShardResult result : shard.getQueryProfileResults()) {
                    result.getQueryResults().forEach(r -> descriptions.append(r.getLuceneDescription()).append('\n'));
                }
            }
        });
        return descriptions.toString();
    }
}
