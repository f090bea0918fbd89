package org.latentarchive.plugin.walk;

import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.SearchModule;
import org.elasticsearch.search.fetch.subphase.FetchSourceContext;
import org.elasticsearch.test.AbstractWireSerializingTestCase;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.json.JsonXContent;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.plugin.query.Example;
import org.latentarchive.plugin.query.Feedback;
import org.latentarchive.vectors.Interpolation;

import java.io.IOException;
import java.util.List;

/** A walk request survives the wire field by field; JSON parses into the same request. */
public class LatentWalkRequestTests extends AbstractWireSerializingTestCase<LatentWalkRequest> {

    private static final SearchModule SEARCH = new SearchModule(Settings.EMPTY, List.of(new LatentArchivePlugin()));

    @Override
    protected LatentWalkRequest createTestInstance() {
        LatentWalkRequest request = new LatentWalkRequest(randomAlphaOfLength(5)).field(randomAlphaOfLength(6))
            .from(randomEndpoint())
            .to(randomEndpoint())
            .steps(between(1, 500))
            .interpolation(randomFrom(Interpolation.values()))
            .pick(randomFrom(Pick.values()))
            .k(between(1, 100))
            .seed(randomLong())
            .exact(randomBoolean())
            .numCandidates(between(1, 10_000))
            .sequential(randomBoolean());
        if (randomBoolean()) {
            request.filter(QueryBuilders.termQuery(randomAlphaOfLength(4), randomAlphaOfLength(4)));
        }
        if (randomBoolean()) {
            request.source(FetchSourceContext.of(true, new String[] { randomAlphaOfLength(3) }, null));
        }
        return request;
    }

    private static WalkEndpoint randomEndpoint() {
        return switch (between(0, 2)) {
            case 0 -> WalkEndpoint.ofId(randomAlphaOfLength(8));
            case 1 -> WalkEndpoint.ofVector(new float[] { randomFloat(), randomFloat() });
            default -> WalkEndpoint.ofFeedback(org.latentarchive.plugin.query.FeedbackTests.randomFeedback(2));
        };
    }

    @Override
    protected LatentWalkRequest mutateInstance(LatentWalkRequest instance) throws IOException {
        LatentWalkRequest copy = copyInstance(instance);
        switch (between(0, 5)) {
            case 0 -> copy.steps(instance.steps() == 500 ? 1 : instance.steps() + 1);
            case 1 -> copy.field(instance.field() + "x");
            case 2 -> copy.seed(instance.seed() + 1);
            case 3 -> copy.exact(instance.exact() == false);
            case 4 -> copy.sequential(instance.sequential() == false);
            default -> copy.from(WalkEndpoint.ofId(instance.from().id() == null ? "a" : instance.from().id() + "x"));
        }
        return copy;
    }

    @Override
    protected Writeable.Reader<LatentWalkRequest> instanceReader() {
        return LatentWalkRequest::new;
    }

    @Override
    protected NamedWriteableRegistry getNamedWriteableRegistry() {
        return new NamedWriteableRegistry(SEARCH.getNamedWriteables());
    }

    public void testJsonBodyParsesIntoTheRequest() throws IOException {
        String json = """
            {"field": "vectors.mobilenet_v2", "from": {"id": "KMS1"}, "to": {"vector": [0.5, 1]}, "steps": 9,
             "interpolation": "spherical", "pick": "random_top_k", "k": 3, "seed": 7, "_source": false}""";
        try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
            LatentWalkRequest request = LatentWalkRequest.fromXContent(parser, "artworks");
            assertEquals(new LatentWalkRequest("artworks").field("vectors.mobilenet_v2").from(WalkEndpoint.ofId("KMS1"))
                .to(WalkEndpoint.ofVector(new float[] { 0.5f, 1f })).steps(9).interpolation(Interpolation.SPHERICAL)
                .pick(Pick.RANDOM_TOP_K).k(3).seed(7).source(FetchSourceContext.of(false)), request);
            assertNull(request.validate());
        }
    }

    public void testEndpointsTakeLikeAndUnlike() throws IOException {
        String json = """
            {"field": "v", "from": {"like": [{"vector": [0.5, 1]}, {"id": "KMS1", "weight": 2}], "unlike": [{"id": "KMS2"}]},
             "to": {"id": "KMS3"}}""";
        try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
            LatentWalkRequest request = LatentWalkRequest.fromXContent(parser, "artworks");
            assertEquals(WalkEndpoint.ofFeedback(new Feedback(List.of(Example.ofVector(new float[] { 0.5f, 1f }), new Example("KMS1", null, 2)),
                List.of(Example.ofId("KMS2")))), request.from());
            assertNull(request.validate());
        }
        String both = """
            {"field": "v", "from": {"id": "KMS1", "like": [{"id": "KMS2"}]}, "to": {"id": "KMS3"}}""";
        try (XContentParser parser = createParser(JsonXContent.jsonXContent, both)) {
            Exception e = expectThrows(Exception.class, () -> LatentWalkRequest.fromXContent(parser, "artworks"));
            assertThat(org.elasticsearch.ExceptionsHelper.stackTrace(e),
                org.hamcrest.Matchers.containsString("a walk endpoint needs exactly one of [id], [vector] or [like] / [unlike]"));
        }
    }

    public void testEndpointVectorBeyondFloatIsRejectedByPosition() throws IOException {
        String json = """
            {"field": "v", "from": {"id": "KMS1"}, "to": {"vector": [0.5, 1e39]}}""";
        try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
            Exception e = expectThrows(Exception.class, () -> LatentWalkRequest.fromXContent(parser, "artworks"));
            // the parser wraps the endpoint's refusal in its own "failed to parse field [to]"
            assertThat(org.elasticsearch.ExceptionsHelper.stackTrace(e),
                org.hamcrest.Matchers.containsString("a walk endpoint's [vector] component [1] overflows a float: its magnitude exceeds "
                    + "3.4028235E38"));
        }
    }
}
