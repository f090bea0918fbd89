package org.latentarchive.plugin.agg;

import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.test.AbstractWireSerializingTestCase;
import org.latentarchive.plugin.agg.ClusterOptions.Algorithm;

import static org.elasticsearch.test.ESTestCase.randomBoolean;
import static org.elasticsearch.test.ESTestCase.randomFrom;
import static org.elasticsearch.test.ESTestCase.randomIntBetween;
import static org.elasticsearch.test.ESTestCase.expectThrows;
import static org.elasticsearch.test.ESTestCase.randomLong;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

public class ClusterOptionsTests extends AbstractWireSerializingTestCase<ClusterOptions> {

    /** Options a request may give: a dendrogram only with Ward (k-means builds no merge tree; the parser refuses it). */
    static ClusterOptions randomOptions() {
        Algorithm algorithm = randomFrom(Algorithm.values());
        int k = randomIntBetween(1, ClusterOptions.MAX_K);
        return new ClusterOptions(
            k,
            algorithm,
            randomLong(),
            randomIntBetween(1, 500),
            randomIntBetween(0, ClusterOptions.MAX_REPRESENTATIVES),
            randomBoolean(),
            randomBoolean(),
            algorithm == Algorithm.WARD && randomBoolean(),
            randomBoolean() ? 0 : randomIntBetween(2 * k, ClusterOptions.MAX_MICRO_CLUSTERS)
        );
    }

    @Override
    protected Writeable.Reader<ClusterOptions> instanceReader() {
        return ClusterOptions::new;
    }

    @Override
    protected ClusterOptions createTestInstance() {
        return randomOptions();
    }

    @Override
    protected ClusterOptions mutateInstance(ClusterOptions o) {
        return switch (between(0, 8)) {
            case 7 -> o.withMicroClusters(o.microClusters() == 0 ? 2 * o.k() : 0);
            case 0 -> o.withK(o.k() % ClusterOptions.MAX_K + 1);
            case 1 -> o.withAlgorithm(o.algorithm() == Algorithm.KMEANS ? Algorithm.WARD : Algorithm.KMEANS);
            case 2 -> o.withSeed(o.seed() + 1);
            case 3 -> o.withMaxIterations(o.maxIterations() % 500 + 1);
            case 4 -> o.withRepresentatives((o.representatives() + 1) % (ClusterOptions.MAX_REPRESENTATIVES + 1));
            case 5 -> o.withCentroids(o.centroids() == false);
            case 6 -> o.withPositions(o.positions() == false);
            default -> o.withDendrogram(o.dendrogram() == false);
        };
    }

    public void testAShardKeepsTheMicroClustersARequestAsksFor() {
        ClusterOptions options = ClusterOptions.DEFAULTS.withK(20);
        assertThat(options.microClusterCapacity(), equalTo(80));
        ClusterOptions finer = options.withMicroClusters(320);
        finer.validateTogether();
        assertThat(finer.microClusterCapacity(), equalTo(320));
        assertThat(finer.bufferLimit(), greaterThanOrEqualTo(320));
    }

    public void testMicroClustersOutOfRangeAreRefused() {
        Exception tooMany = expectThrows(IllegalArgumentException.class, () -> ClusterOptions.DEFAULTS.withMicroClusters(4097));
        assertThat(tooMany.getMessage(), containsString("[micro_clusters] must be 0 (chosen from k) or between 2k and 4096"));
        ClusterOptions tooFew = ClusterOptions.DEFAULTS.withK(30).withMicroClusters(40);
        Exception e = expectThrows(IllegalArgumentException.class, tooFew::validateTogether);
        assertThat(e.getMessage(), containsString("[micro_clusters] must be at least 2k (60 for k 30) but was [40]"));
    }

    public void testEveryShardKeepsAtLeastTwiceKMicroClusters() {
        for (int k = 1; k <= ClusterOptions.MAX_K; k++) {
            ClusterOptions options = new ClusterOptions(k, Algorithm.KMEANS, 0, 1, 0, false, false, false);
            assertThat(options.microClusterCapacity(), greaterThanOrEqualTo(2 * k));
            assertThat(options.bufferLimit(), greaterThanOrEqualTo(options.microClusterCapacity()));
        }
    }
}
