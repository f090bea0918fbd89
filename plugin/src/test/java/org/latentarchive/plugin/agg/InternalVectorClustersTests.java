package org.latentarchive.plugin.agg;

import org.elasticsearch.common.breaker.CircuitBreaker;
import org.elasticsearch.common.breaker.CircuitBreakingException;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.unit.ByteSizeValue;
import org.elasticsearch.common.util.BigArrays;
import org.elasticsearch.common.util.MockBigArrays;
import org.elasticsearch.common.util.MockPageCacheRecycler;
import org.elasticsearch.search.aggregations.AggregationReduceContext;
import org.elasticsearch.search.aggregations.AggregatorFactories;

import org.latentarchive.vectors.MicroClusterReduce;

import org.elasticsearch.plugins.SearchPlugin;
import org.elasticsearch.search.aggregations.InternalAggregation;
import org.elasticsearch.search.aggregations.InternalAggregations;
import org.elasticsearch.test.InternalAggregationTestCase;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.plugin.agg.ClusterOptions.Algorithm;
import org.latentarchive.vectors.VectorMath;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Shard results are micro-clusters scattered around three far apart centres, so the right final clusters are known
 * without running the reduce: every micro-cluster belongs to the centre it sits next to. The check recomputes counts,
 * sums, inertia and representatives from the inputs by that rule.
 */
public class InternalVectorClustersTests extends InternalAggregationTestCase<InternalVectorClusters> {

    private static final float[][] CENTRES = { { 0, 0, 0, 10 }, { 100, 0, 0, 10 }, { 0, 100, 0, 10 } };
    private static final int DIMS = 4;
    private static final int R = 2;

    private ClusterOptions options;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        options = new ClusterOptions(CENTRES.length, randomFrom(Algorithm.values()), randomLong(), 50, R, randomBoolean(), true, true);
    }

    @Override
    protected SearchPlugin registerPlugin() {
        return new LatentArchivePlugin();
    }

    @Override
    protected InternalVectorClusters createTestInstance(String name, Map<String, Object> metadata) {
        List<InternalVectorClusters.Bucket> buckets = new ArrayList<>();
        int count = between(CENTRES.length, 6);
        for (int i = 0; i < count; i++) {
            // every shard sees every centre at least once, so that each final cluster is one centre
            buckets.add(randomMicroCluster(i, i % CENTRES.length));
        }
        return new InternalVectorClusters(name, options, buckets, false, Double.NaN, List.of(), metadata);
    }

    private InternalVectorClusters.Bucket randomMicroCluster(int key, int centre) {
        long docCount = between(1, 20);
        float[] centroid = new float[DIMS];
        for (int d = 0; d < DIMS; d++) {
            centroid[d] = CENTRES[centre][d] + (float) randomDoubleBetween(-1, 1, true);
        }
        double[] sum = new double[DIMS];
        VectorMath.addScaled(sum, centroid, docCount);
        // the squared norms of the vectors: the centroid's times n plus their spread around it
        double sumOfSquares = docCount * VectorMath.dot(centroid, centroid) + randomDoubleBetween(0, 5, true) * docCount;
        List<InternalVectorClusters.Candidate> candidates = new ArrayList<>();
        for (int c = 0; c < Math.min(R, docCount); c++) {
            float[] vector = centroid.clone();
            vector[between(0, DIMS - 1)] += (float) randomDoubleBetween(-0.5, 0.5, true);
            candidates.add(new InternalVectorClusters.Candidate(randomAlphaOfLength(8), vector, randomDouble()));
        }
        return new InternalVectorClusters.Bucket(key, docCount, sum, sumOfSquares, candidates, null, InternalAggregations.EMPTY);
    }

    private static int nearestCentre(float[] v) {
        int best = 0;
        for (int c = 1; c < CENTRES.length; c++) {
            if (VectorMath.squaredDistance(v, CENTRES[c]) < VectorMath.squaredDistance(v, CENTRES[best])) {
                best = c;
            }
        }
        return best;
    }

    @Override
    protected void assertReduced(InternalVectorClusters reduced, List<InternalVectorClusters> inputs) {
        assertTrue(reduced.isReduced());
        long[] counts = new long[CENTRES.length];
        double[][] sums = new double[CENTRES.length][DIMS];
        double[] squares = new double[CENTRES.length];
        List<List<InternalVectorClusters.Candidate>> pools = new ArrayList<>();
        for (int c = 0; c < CENTRES.length; c++) {
            pools.add(new ArrayList<>());
        }
        for (InternalVectorClusters input : inputs) {
            for (InternalVectorClusters.Bucket micro : input.getBuckets()) {
                int c = nearestCentre(micro.centroid());
                counts[c] += micro.getDocCount();
                for (int d = 0; d < DIMS; d++) {
                    sums[c][d] += micro.sum()[d];
                }
                squares[c] += micro.sumOfSquares();
                pools.get(c).addAll(micro.candidates());
            }
        }
        assertThat(reduced.getBuckets(), hasSize(CENTRES.length));
        double expectedInertia = 0;
        Map<Integer, InternalVectorClusters.Bucket> byCentre = new HashMap<>();
        for (InternalVectorClusters.Bucket bucket : reduced.getBuckets()) {
            byCentre.put(nearestCentre(bucket.centroid()), bucket);
        }
        assertThat(byCentre.size(), equalTo(CENTRES.length));
        for (int c = 0; c < CENTRES.length; c++) {
            InternalVectorClusters.Bucket bucket = byCentre.get(c);
            assertThat(bucket.getDocCount(), equalTo(counts[c]));
            for (int d = 0; d < DIMS; d++) {
                assertThat(bucket.sum()[d], closeTo(sums[c][d], 1e-6 * (1 + Math.abs(sums[c][d]))));
            }
            double normOfSum = 0;
            float[] centroid = new float[DIMS];
            for (int d = 0; d < DIMS; d++) {
                normOfSum += sums[c][d] * sums[c][d];
                centroid[d] = (float) (sums[c][d] / counts[c]);
            }
            expectedInertia += squares[c] - normOfSum / counts[c];
            // representatives: the R candidates nearest the centroid by cosine distance
            List<Double> expected = pools.get(c)
                .stream()
                .map(candidate -> 1 - VectorMath.cosine(candidate.vector(), centroid))
                .sorted(Comparator.naturalOrder())
                .limit(R)
                .toList();
            List<Double> actual = bucket.candidates().stream().map(InternalVectorClusters.Candidate::distance).toList();
            assertThat(actual.size(), equalTo(expected.size()));
            for (int i = 0; i < actual.size(); i++) {
                assertThat(actual.get(i), closeTo(expected.get(i), 1e-6));
            }
            assertThat(bucket.position().length, equalTo(2));
        }
        assertThat(reduced.inertia(), closeTo(expectedInertia, 1e-6 * expectedInertia));
        // keys follow size: the biggest cluster is bucket 0
        for (int i = 0; i < reduced.getBuckets().size(); i++) {
            assertThat(reduced.getBuckets().get(i).getKey(), equalTo(i));
            if (i > 0) {
                assertTrue(reduced.getBuckets().get(i - 1).getDocCount() >= reduced.getBuckets().get(i).getDocCount());
            }
        }
        if (options.algorithm() == Algorithm.WARD) {
            assertThat(reduced.dendrogram(), hasSize(CENTRES.length - 1));
        } else {
            assertThat(reduced.dendrogram(), hasSize(0));
        }
    }

    public void testWardOverMoreMicroClustersThanItsMatrixHoldsGroupsThemFirst() {
        ClusterOptions ward = new ClusterOptions(CENTRES.length, Algorithm.WARD, 0, 50, R, false, true, true);
        List<InternalAggregation> shards = new ArrayList<>();
        long[] expected = new long[CENTRES.length];
        for (int shard = 0; shard < 7; shard++) {
            List<InternalVectorClusters.Bucket> buckets = new ArrayList<>();
            for (int i = 0; i < 320; i++) {
                InternalVectorClusters.Bucket micro = randomMicroCluster(i, i % CENTRES.length);
                expected[i % CENTRES.length] += micro.getDocCount();
                buckets.add(micro);
            }
            shards.add(new InternalVectorClusters("c", ward, buckets, false, Double.NaN, List.of(), null));
        }
        assertTrue(7 * 320 > MicroClusterReduce.MAX_WARD_POINTS);
        InternalVectorClusters reduced = (InternalVectorClusters) reduce(
            shards,
            emptyReduceContextBuilder().forFinalReduction(new ArrayList<>())
        );
        assertThat(reduced.getBuckets(), hasSize(CENTRES.length));
        List<Long> counts = reduced.getBuckets().stream().map(InternalVectorClusters.Bucket::getDocCount).sorted().toList();
        assertThat(counts, equalTo(java.util.Arrays.stream(expected).sorted().boxed().toList()));
        assertThat(reduced.dendrogram(), hasSize(CENTRES.length - 1));
    }

    public void testTheReduceIsChargedToTheRequestBreakerAndReleasedAfterwards() {
        ClusterOptions kmeans = new ClusterOptions(CENTRES.length, Algorithm.KMEANS, 0, 50, R, false, false, false);
        List<InternalAggregation> shards = new ArrayList<>();
        for (int shard = 0; shard < 7; shard++) {
            List<InternalVectorClusters.Bucket> buckets = new ArrayList<>();
            for (int i = 0; i < 320; i++) {
                buckets.add(randomMicroCluster(i, i % CENTRES.length));
            }
            shards.add(new InternalVectorClusters("c", kmeans, buckets, false, Double.NaN, List.of(), null));
        }
        // a node that can afford it: the reduce runs, and gives back what it charged
        MockBigArrays roomy = new MockBigArrays(new MockPageCacheRecycler(Settings.EMPTY), ByteSizeValue.ofMb(100));
        InternalVectorClusters reduced = (InternalVectorClusters) reduce(shards, finalReduce(roomy));
        assertThat(reduced.getBuckets(), hasSize(CENTRES.length));
        assertThat(roomy.breakerService().getBreaker(CircuitBreaker.REQUEST).getUsed(), equalTo(0L));
        // one that cannot: a breaker error (HTTP 429), not an exhausted heap
        MockBigArrays tight = new MockBigArrays(new MockPageCacheRecycler(Settings.EMPTY), ByteSizeValue.ofKb(64));
        CircuitBreakingException e = expectThrows(CircuitBreakingException.class, () -> reduce(shards, finalReduce(tight)));
        assertThat(e.status().getStatus(), equalTo(429));
        assertThat("a refused reduce keeps nothing charged", tight.breakerService().getBreaker(CircuitBreaker.REQUEST).getUsed(), equalTo(0L));
    }

    private static AggregationReduceContext finalReduce(BigArrays bigArrays) {
        return new AggregationReduceContext.ForFinal(bigArrays, null, () -> false, new AggregatorFactories.Builder(), b -> {}, new ArrayList<>());
    }

    @Override
    protected InternalVectorClusters mutateInstance(InternalVectorClusters instance) {
        String name = instance.getName();
        List<InternalVectorClusters.Bucket> buckets = instance.getBuckets();
        Map<String, Object> metadata = instance.getMetadata();
        ClusterOptions o = instance.options();
        switch (between(0, 3)) {
            case 0 -> name += randomAlphaOfLength(3);
            case 1 -> {
                buckets = new ArrayList<>(buckets);
                buckets.add(randomMicroCluster(buckets.size(), 0));
            }
            case 2 -> {
                metadata = metadata == null ? new HashMap<>(1) : new HashMap<>(metadata);
                metadata.put(randomAlphaOfLength(15), randomInt());
            }
            default -> o = o.withK(o.k() + 1);
        }
        return new InternalVectorClusters(name, o, buckets, instance.isReduced(), instance.inertia(), instance.dendrogram(), metadata);
    }
}
