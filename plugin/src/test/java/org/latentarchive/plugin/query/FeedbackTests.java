package org.latentarchive.plugin.query;

import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.test.AbstractWireSerializingTestCase;
import org.elasticsearch.test.ESTestCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** like / unlike survive the wire, resolved or not; each mutation changes one example. */
public class FeedbackTests extends AbstractWireSerializingTestCase<Feedback> {

    /** Likes (at least one) and unlikes (maybe none) of ids and vectors of {@code dims} dimensions, some weighted. */
    public static Feedback randomFeedback(int dims) {
        return new Feedback(randomExamples(1, dims), randomExamples(0, dims));
    }

    private static List<Example> randomExamples(int min, int dims) {
        List<Example> examples = new ArrayList<>();
        for (int i = ESTestCase.between(min, 3); i > 0; i--) {
            examples.add(randomExample(dims));
        }
        return examples;
    }

    static Example randomExample(int dims) {
        Example e = randomBoolean() ? Example.ofId(randomAlphaOfLength(6)) : Example.ofVector(randomVector(dims));
        return randomBoolean() ? e : e.withWeight(randomDoubleBetween(0.1, 5, true));
    }

    static float[] randomVector(int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = randomFloatBetween(-10f, 10f, true);
        }
        return v;
    }

    @Override
    protected Feedback createTestInstance() {
        return randomFeedback(between(1, 8));
    }

    @Override
    protected Feedback mutateInstance(Feedback instance) {
        return mutate(instance);
    }

    /** The same feedback with one thing changed: an example more in like or unlike, or the first like's weight. */
    public static Feedback mutate(Feedback instance) {
        int dims = instance.all().stream().filter(e -> e.vector() != null).map(e -> e.vector().length).findFirst().orElse(4);
        List<Example> like = new ArrayList<>(instance.like());
        List<Example> unlike = new ArrayList<>(instance.unlike());
        switch (between(0, 2)) {
            case 0 -> like.add(randomExample(dims));
            case 1 -> unlike.add(randomExample(dims));
            default -> like.set(0, like.get(0).withWeight(like.get(0).weight() + 1));
        }
        return new Feedback(like, unlike);
    }

    @Override
    protected Writeable.Reader<Feedback> instanceReader() {
        return Feedback::new;
    }

    public void testResolvedExamplesKeepTheirIdsBesideTheVectors() throws IOException {
        Feedback resolved = new Feedback(List.of(Example.ofId("KMS1").withVector(new float[] { 1, 2 })), List.of(Example.ofVector(new float[] { 3, 4 })));
        Feedback copy = copyInstance(resolved);
        assertEquals(resolved, copy);
        assertFalse(copy.pending());
        assertEquals(java.util.Set.of("KMS1"), copy.ids());
    }

    public void testLookedUpVectorsOfAnotherLengthAreRejected() {
        Feedback feedback = new Feedback(List.of(Example.ofId("KMS1")), List.of(Example.ofVector(new float[] { 3, 4 })));
        assertEquals("[vector_neighbours] examples of different dimensions: artwork [KMS1] has 3, a given vector has 2",
            expectThrows(IllegalArgumentException.class,
                () -> feedback.resolved(java.util.Map.of("KMS1", new float[] { 1, 2, 3 }), "[vector_neighbours]")).getMessage());
    }
}
