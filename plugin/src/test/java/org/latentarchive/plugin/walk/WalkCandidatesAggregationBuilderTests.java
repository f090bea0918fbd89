package org.latentarchive.plugin.walk;

import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.SearchModule;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.test.AbstractWireSerializingTestCase;
import org.elasticsearch.xcontent.NamedXContentRegistry;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.json.JsonXContent;
import org.latentarchive.plugin.LatentArchivePlugin;

import java.io.IOException;
import java.util.List;

import static org.hamcrest.Matchers.containsString;

/** The one round's request survives the wire field by field, and a search body cannot ask for it. */
public class WalkCandidatesAggregationBuilderTests extends AbstractWireSerializingTestCase<WalkCandidatesAggregationBuilder> {

    private static final SearchModule SEARCH = new SearchModule(Settings.EMPTY, List.of(new LatentArchivePlugin()));

    @Override
    protected WalkCandidatesAggregationBuilder createTestInstance() {
        int n = between(1, 6);
        float[][] points = new float[n][];
        int[] sizes = new int[n];
        int dims = between(1, 8);
        for (int i = 0; i < n; i++) {
            points[i] = new float[dims];
            for (int d = 0; d < dims; d++) {
                points[i][d] = randomFloat();
            }
            sizes[i] = between(1, 600);
        }
        return new WalkCandidatesAggregationBuilder(randomAlphaOfLength(5), randomAlphaOfLength(6), points, sizes, randomBoolean(),
            between(1, 10_000), randomBoolean() ? null : QueryBuilders.termQuery(randomAlphaOfLength(4), randomAlphaOfLength(4)), null);
    }

    @Override
    protected WalkCandidatesAggregationBuilder mutateInstance(WalkCandidatesAggregationBuilder b) {
        float[][] points = b.points().clone();
        int[] sizes = b.sizes().clone();
        return switch (between(0, 5)) {
            case 0 -> new WalkCandidatesAggregationBuilder(b.getName(), b.field() + "x", points, sizes, b.exact(), b.numCandidates(), b.filter(), null);
            case 1 -> {
                points[0] = points[0].clone();
                points[0][0] += 1;
                yield new WalkCandidatesAggregationBuilder(b.getName(), b.field(), points, sizes, b.exact(), b.numCandidates(), b.filter(), null);
            }
            case 2 -> {
                sizes[0]++;
                yield new WalkCandidatesAggregationBuilder(b.getName(), b.field(), points, sizes, b.exact(), b.numCandidates(), b.filter(), null);
            }
            case 3 -> new WalkCandidatesAggregationBuilder(b.getName(), b.field(), points, sizes, b.exact() == false, b.numCandidates(),
                b.filter(), null);
            case 4 -> new WalkCandidatesAggregationBuilder(b.getName(), b.field(), points, sizes, b.exact(), b.numCandidates() + 1,
                b.filter(), null);
            default -> new WalkCandidatesAggregationBuilder(b.getName(), b.field(), points, sizes, b.exact(), b.numCandidates(),
                b.filter() == null ? QueryBuilders.termQuery("a", "b") : null, null);
        };
    }

    @Override
    protected Writeable.Reader<WalkCandidatesAggregationBuilder> instanceReader() {
        return in -> new WalkCandidatesAggregationBuilder(in, null);
    }

    @Override
    protected NamedWriteableRegistry getNamedWriteableRegistry() {
        return new NamedWriteableRegistry(SEARCH.getNamedWriteables());
    }

    public void testOnePointPerSize() {
        Exception e = expectThrows(IllegalArgumentException.class, () -> new WalkCandidatesAggregationBuilder("w", "f",
            new float[][] { { 1f } }, new int[] { 1, 2 }, true, 10, null, null));
        assertThat(e.getMessage(), containsString("one size per point: 1 points, 2 sizes"));
    }

    public void testASearchBodyCannotAskForIt() throws IOException {
        String json = """
            {"size": 0, "aggs": {"w": {"latent_walk_candidates": {"field": "vec"}}}}""";
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(
            org.elasticsearch.xcontent.XContentParserConfiguration.EMPTY.withRegistry(new NamedXContentRegistry(SEARCH.getNamedXContents())),
            json)) {
            Exception e = expectThrows(Exception.class, () -> new SearchSourceBuilder().parseXContent(parser, true, f -> true));
            assertThat(org.elasticsearch.ExceptionsHelper.stackTrace(e),
                containsString("[latent_walk_candidates] is the one round of POST /{index}/_latent_walk"));
        }
    }
}
