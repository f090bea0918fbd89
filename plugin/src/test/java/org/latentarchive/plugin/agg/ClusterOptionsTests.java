package org.latentarchive.plugin.agg;

import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.test.AbstractWireSerializingTestCase;
import org.latentarchive.plugin.agg.ClusterOptions.Algorithm;

import static org.elasticsearch.test.ESTestCase.randomBoolean;
import static org.elasticsearch.test.ESTestCase.randomFrom;
import static org.elasticsearch.test.ESTestCase.randomIntBetween;
import static org.elasticsearch.test.ESTestCase.randomLong;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

public class ClusterOptionsTests extends AbstractWireSerializingTestCase<ClusterOptions> {

    /** Options a request may give: a dendrogram only with Ward (k-means builds no merge tree; the parser refuses it). */
    static ClusterOptions randomOptions() {
        Algorithm algorithm = randomFrom(Algorithm.values());
        return new ClusterOptions(
            randomIntBetween(1, ClusterOptions.MAX_K),
            algorithm,
            randomLong(),
            randomIntBetween(1, 500),
            randomIntBetween(0, ClusterOptions.MAX_REPRESENTATIVES),
            randomBoolean(),
            randomBoolean(),
            algorithm == Algorithm.WARD && randomBoolean()
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
        return switch (between(0, 7)) {
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

    public void testEveryShardKeepsAtLeastTwiceKMicroClusters() {
        for (int k = 1; k <= ClusterOptions.MAX_K; k++) {
            ClusterOptions options = new ClusterOptions(k, Algorithm.KMEANS, 0, 1, 0, false, false, false);
            assertThat(options.microClusterCapacity(), greaterThanOrEqualTo(2 * k));
            assertThat(options.bufferLimit(), greaterThanOrEqualTo(options.microClusterCapacity()));
        }
    }
}
