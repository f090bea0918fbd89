package org.latentarchive.plugin.query;

import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.SearchModule;
import org.elasticsearch.test.AbstractXContentSerializingTestCase;
import org.elasticsearch.xcontent.NamedXContentRegistry;
import org.elasticsearch.xcontent.XContentParser;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.vectors.Direction;

import java.io.IOException;
import java.util.List;

/** Every field survives the wire and JSON; each mutation changes exactly one field and breaks equality. */
public class VectorNeighboursQueryBuilderTests extends AbstractXContentSerializingTestCase<VectorNeighboursQueryBuilder> {

    private static final SearchModule SEARCH = new SearchModule(Settings.EMPTY, List.of(new LatentArchivePlugin()));

    @Override
    protected VectorNeighboursQueryBuilder createTestInstance() {
        VectorNeighboursQueryBuilder builder = new VectorNeighboursQueryBuilder(randomAlphaOfLength(6));
        // a request names an artwork or gives a point; only a rewritten query carries both (see the wire test below)
        switch (between(0, 2)) {
            case 0 -> builder.id(randomAlphaOfLength(8));
            case 1 -> builder.vector(randomVector());
            default -> builder.feedback(FeedbackTests.randomFeedback(between(1, 12)));
        }
        if (builder.vector() == null && randomBoolean()) {
            builder.index(randomAlphaOfLength(5));
        }
        builder.direction(randomFrom(Direction.values()))
            .includeSelf(randomBoolean())
            .approximate(randomBoolean())
            .numCandidates(randomIntBetween(1, 10_000));
        if (builder.approximate()) {
            builder.candidateSource(randomFrom(CandidateSource.values()));
        }
        if (randomBoolean()) {
            builder.filter(QueryBuilders.termQuery(randomAlphaOfLength(4), randomAlphaOfLength(4)));
        }
        if (randomBoolean()) {
            builder.boost(randomFloatBetween(0.5f, 3f, true));
        }
        if (randomBoolean()) {
            builder.queryName(randomAlphaOfLength(4));
        }
        return builder;
    }

    private static float[] randomVector() {
        float[] v = new float[randomIntBetween(1, 12)];
        for (int i = 0; i < v.length; i++) {
            v[i] = randomFloatBetween(-10f, 10f, true);
        }
        return v;
    }

    @Override
    protected VectorNeighboursQueryBuilder mutateInstance(VectorNeighboursQueryBuilder instance) throws IOException {
        VectorNeighboursQueryBuilder copy = copyInstance(instance);
        switch (between(0, 6)) {
            case 0 -> copy.field(instance.field() + "x");
            case 1 -> copy.direction(instance.direction() == Direction.NEAREST ? Direction.FARTHEST : Direction.NEAREST);
            case 2 -> copy.id(instance.id() == null ? "artwork" : instance.id() + "x");
            case 3 -> copy.vector(instance.vector() == null ? randomVector() : withFirstChanged(instance.vector()));
            case 4 -> copy.feedback(instance.feedback() == null ? FeedbackTests.randomFeedback(3)
                : FeedbackTests.mutate(instance.feedback()));
            case 5 -> {
                if (instance.approximate()) {
                    CandidateSource[] sources = CandidateSource.values();
                    copy.candidateSource(sources[(instance.candidateSource().ordinal() + 1) % sources.length]);
                } else {
                    copy.approximate(true);
                }
            }
            default -> copy.boost(instance.boost() + 1);
        }
        return copy;
    }

    private static float[] withFirstChanged(float[] v) {
        float[] changed = v.clone();
        changed[0] += 1;
        return changed;
    }

    @Override
    protected Writeable.Reader<VectorNeighboursQueryBuilder> instanceReader() {
        return VectorNeighboursQueryBuilder::new;
    }

    @Override
    protected VectorNeighboursQueryBuilder doParseInstance(XContentParser parser) throws IOException {
        assertEquals(XContentParser.Token.START_OBJECT, parser.nextToken());
        assertEquals(XContentParser.Token.FIELD_NAME, parser.nextToken());
        assertEquals(VectorNeighboursQueryBuilder.NAME, parser.currentName());
        assertEquals(XContentParser.Token.START_OBJECT, parser.nextToken());
        VectorNeighboursQueryBuilder builder = VectorNeighboursQueryBuilder.fromXContent(parser);
        assertEquals(XContentParser.Token.END_OBJECT, parser.nextToken());
        return builder;
    }

    @Override
    protected NamedWriteableRegistry getNamedWriteableRegistry() {
        return new NamedWriteableRegistry(SEARCH.getNamedWriteables());
    }

    @Override
    protected NamedXContentRegistry xContentRegistry() {
        return new NamedXContentRegistry(SEARCH.getNamedXContents());
    }

    @Override
    protected boolean supportsUnknownFields() {
        return false;
    }

    public void testRequestWithNeitherIdNorVectorIsRejected() throws IOException {
        assertEquals("[vector_neighbours] requires [id], [vector] or [like]", rejection("{\"field\": \"v\"}"));
    }

    public void testCandidateSourceParsesAndNeedsApproximateMode() throws IOException {
        try (XContentParser parser = createParser(org.elasticsearch.xcontent.json.JsonXContent.jsonXContent,
            "{\"field\": \"v\", \"vector\": [1, 2], \"approximate\": true, \"candidate_source\": \"quantized\"}")) {
            assertEquals(CandidateSource.QUANTIZED, VectorNeighboursQueryBuilder.fromXContent(parser).candidateSource());
        }
        assertEquals("[vector_neighbours] [candidate_source] applies to approximate mode only: add \"approximate\": true, or leave it "
            + "out for an exact search", rejection("{\"field\": \"v\", \"vector\": [1, 2], \"candidate_source\": \"hnsw\"}"));
        assertTrue(rejectionChain("{\"field\": \"v\", \"vector\": [1, 2], \"approximate\": true, \"candidate_source\": \"graph\"}")
            .contains("unknown [candidate_source] [graph], expected one of [auto, hnsw, quantized]"));
    }

    public void testLikeAndUnlikeParseWithWeights() throws IOException {
        try (XContentParser parser = createParser(org.elasticsearch.xcontent.json.JsonXContent.jsonXContent,
            "{\"field\": \"v\", \"like\": [{\"id\": \"KMS1\"}, {\"vector\": [1, 2], \"weight\": 2}], \"unlike\": [{\"id\": \"KMS8010\"}]}")) {
            Feedback feedback = VectorNeighboursQueryBuilder.fromXContent(parser).feedback();
            assertEquals(List.of(Example.ofId("KMS1"), new Example(null, new float[] { 1, 2 }, 2)), feedback.like());
            assertEquals(List.of(Example.ofId("KMS8010")), feedback.unlike());
        }
    }

    public void testEmptyLikeIsRejected() throws IOException {
        assertEquals("[vector_neighbours] [like] must name at least one artwork or vector",
            rejection("{\"field\": \"v\", \"like\": []}"));
        assertEquals("[vector_neighbours] [like] must name at least one artwork or vector: [unlike] alone has nothing to move away from",
            rejection("{\"field\": \"v\", \"unlike\": [{\"id\": \"KMS1\"}]}"));
    }

    public void testLikeBesideIdOrVectorIsRejected() throws IOException {
        assertEquals("[vector_neighbours] takes [id], [vector] or [like] / [unlike], not several",
            rejection("{\"field\": \"v\", \"id\": \"KMS1\", \"like\": [{\"id\": \"KMS2\"}]}"));
    }

    public void testGivenVectorsOfDifferentDimensionsAreRejected() throws IOException {
        assertEquals("[vector_neighbours] examples of different dimensions: a given vector has 2, a given vector has 3",
            rejection("{\"field\": \"v\", \"like\": [{\"vector\": [1, 2]}], \"unlike\": [{\"vector\": [1, 2, 3]}]}"));
    }

    public void testExampleWithBothIdAndVectorOrNeitherIsRejected() throws IOException {
        assertTrue(rejectionChain("{\"field\": \"v\", \"like\": [{\"id\": \"KMS1\", \"vector\": [1]}]}")
            .contains("an example needs exactly one of [id] or [vector]"));
        assertTrue(rejectionChain("{\"field\": \"v\", \"like\": [{\"weight\": 2}]}")
            .contains("an example needs exactly one of [id] or [vector]"));
        assertTrue(rejectionChain("{\"field\": \"v\", \"like\": [{\"id\": \"KMS1\", \"weight\": 0}]}")
            .contains("an example's [weight] must be positive and finite, got 0.0"));
    }

    public void testRequestWithBothIdAndVectorIsRejectedAsAmbiguous() throws IOException {
        assertEquals("[vector_neighbours] takes [id] or [vector], not both: give [id] for the neighbours of a stored artwork "
            + "(left out of them), or [vector] for those of a point", rejection("{\"field\": \"v\", \"id\": \"KMS1\", \"vector\": [1, 2]}"));
    }

    public void testVectorComponentBeyondFloatIsRejectedByPosition() throws IOException {
        assertEquals("[vector_neighbours] [vector] component [1] overflows a float: its magnitude exceeds 3.4028235E38",
            rejection("{\"field\": \"v\", \"vector\": [0.5, 1e39, 2]}"));
        assertEquals("[vector_neighbours] [vector] component [0] overflows a float: its magnitude exceeds 3.4028235E38",
            rejection("{\"field\": \"v\", \"vector\": [-1e39]}"));
        assertEquals("[vector_neighbours] [vector] component [2] is NaN", rejection("{\"field\": \"v\", \"vector\": [1, 2, \"NaN\"]}"));
    }

    public void testVectorComponentsUpToTheLargestFloatAreAccepted() throws IOException {
        try (XContentParser parser = createParser(org.elasticsearch.xcontent.json.JsonXContent.jsonXContent,
            "{\"field\": \"v\", \"vector\": [3.4028235e38, -3.4028235e38, 1.4e-45]}")) {
            assertArrayEquals(new float[] { Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE },
                VectorNeighboursQueryBuilder.fromXContent(parser).vector(), 0f);
        }
    }

    public void testRewrittenQueryCarriesIdAndVectorOverTheWire() throws IOException {
        // after the lookup the query holds the artwork's id (to leave it out) and its vector; shards receive both
        VectorNeighboursQueryBuilder rewritten = new VectorNeighboursQueryBuilder("v").id("KMS1").vector(randomVector());
        VectorNeighboursQueryBuilder copy = copyInstance(rewritten);
        assertEquals(rewritten, copy);
        assertEquals("KMS1", copy.id());
        assertArrayEquals(rewritten.vector(), copy.vector(), 0f);
    }

    /** The messages of the exception and its causes: the parser wraps what an example's constructor throws. */
    private String rejectionChain(String json) throws IOException {
        try (XContentParser parser = createParser(org.elasticsearch.xcontent.json.JsonXContent.jsonXContent, json)) {
            Throwable t = expectThrows(IllegalArgumentException.class, () -> VectorNeighboursQueryBuilder.fromXContent(parser));
            StringBuilder messages = new StringBuilder();
            for (; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            return messages.toString();
        }
    }

    private String rejection(String json) throws IOException {
        try (XContentParser parser = createParser(org.elasticsearch.xcontent.json.JsonXContent.jsonXContent, json)) {
            return expectThrows(IllegalArgumentException.class, () -> VectorNeighboursQueryBuilder.fromXContent(parser)).getMessage();
        }
    }
}
