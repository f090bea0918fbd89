package org.latentarchive.plugin.walk;

import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.index.Index;
import org.elasticsearch.index.shard.ShardId;
import org.elasticsearch.search.aggregations.AggregatorReducer;
import org.elasticsearch.test.AbstractWireSerializingTestCase;
import org.latentarchive.plugin.walk.InternalWalkCandidates.Candidate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/** One round's candidates survive the wire, and the reduce merges shards as a search merges hits. */
public class InternalWalkCandidatesTests extends AbstractWireSerializingTestCase<InternalWalkCandidates> {

    private static final Index ART = new Index("art", "uuid-art");
    private static final Index OTHER = new Index("other", "uuid-other");

    @Override
    protected InternalWalkCandidates createTestInstance() {
        int points = between(1, 5);
        int[] sizes = new int[points];
        List<List<Candidate>> perPoint = new ArrayList<>();
        for (int p = 0; p < points; p++) {
            sizes[p] = between(0, 6);
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < sizes[p]; i++) {
                candidates.add(new Candidate(randomFloat(), new ShardId(randomFrom(ART, OTHER), between(0, 3)), between(0, 1000),
                    randomAlphaOfLength(6), randomDoubleBetween(0, 2, true)));
            }
            perPoint.add(candidates);
        }
        return new InternalWalkCandidates(randomAlphaOfLength(4), sizes, perPoint, randomBoolean() ? null : Map.of("k", "v"));
    }

    @Override
    protected InternalWalkCandidates mutateInstance(InternalWalkCandidates instance) {
        int[] sizes = instance.sizes().clone();
        List<List<Candidate>> perPoint = new ArrayList<>();
        for (int p = 0; p < instance.points(); p++) {
            perPoint.add(new ArrayList<>(instance.candidates(p)));
        }
        if (randomBoolean()) {
            sizes[0]++;
        } else {
            perPoint.get(0).add(new Candidate(2f, new ShardId(ART, 0), 1, "added", 0.5));
        }
        return new InternalWalkCandidates(instance.getName(), sizes, perPoint, instance.getMetadata());
    }

    @Override
    protected Writeable.Reader<InternalWalkCandidates> instanceReader() {
        return InternalWalkCandidates::new;
    }

    /** Higher scores first; equal scores by shard number, then index name, then document; each list cut at its size. */
    public void testReduceMergesShardsInTheOrderASearchMergesHits() {
        ShardId art0 = new ShardId(ART, 0);
        ShardId art1 = new ShardId(ART, 1);
        ShardId other0 = new ShardId(OTHER, 0);
        InternalWalkCandidates fromArt1 = new InternalWalkCandidates("w", new int[] { 3, 1 }, List.of(
            List.of(new Candidate(0.9f, art1, 4, "a", 0.1), new Candidate(0.5f, art1, 2, "b", 0.1)),
            List.of(new Candidate(0.7f, art1, 8, "c", 0.1))), null);
        InternalWalkCandidates fromOther0 = new InternalWalkCandidates("w", new int[] { 3, 1 }, List.of(
            List.of(new Candidate(0.5f, other0, 1, "d", 0.1)),
            List.of(new Candidate(0.7f, other0, 9, "e", 0.1))), null);
        InternalWalkCandidates fromArt0 = new InternalWalkCandidates("w", new int[] { 3, 1 }, List.of(
            List.of(new Candidate(0.5f, art0, 7, "f", 0.1), new Candidate(0.5f, art0, 9, "g", 0.1)),
            List.of()), null);
        AggregatorReducer reducer = fromArt1.getLeaderReducer(null, 3);
        reducer.accept(fromArt1);
        reducer.accept(fromOther0);
        reducer.accept(fromArt0);
        InternalWalkCandidates merged = (InternalWalkCandidates) reducer.get();
        // 0.9 first; of the four 0.5s: shard 0 of art (docs 7, 9) before shard 0 of other, before shard 1 of art; cut at 3
        assertThat(ids(merged.candidates(0)), equalTo(List.of("a", "f", "g")));
        // shard 0 (of other) before shard 1 (of art), whatever the index names say
        assertThat(ids(merged.candidates(1)), equalTo(List.of("e")));
    }

    private static List<String> ids(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::id).toList();
    }
}
