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

    static ClusterOptions randomOptions() {
        return new ClusterOptions(
            randomIntBetween(1, ClusterOptions.MAX_K),
            randomFrom(Algorithm.values()),
            randomLong(),
            randomIntBetween(1, 500),
            randomIntBetween(0, ClusterOptions.MAX_REPRESENTATIVES),
            randomBoolean(),
            randomBoolean(),
            randomBoolean()
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
            case 0 -> new ClusterOptions(o.k() % ClusterOptions.MAX_K + 1, o.algorithm(), o.seed(), o.maxIterations(), o.representatives(), o.centroids(), o.positions(), o.dendrogram());
            case 1 -> new ClusterOptions(o.k(), o.algorithm() == Algorithm.KMEANS ? Algorithm.WARD : Algorithm.KMEANS, o.seed(), o.maxIterations(), o.representatives(), o.centroids(), o.positions(), o.dendrogram());
            case 2 -> new ClusterOptions(o.k(), o.algorithm(), o.seed() + 1, o.maxIterations(), o.representatives(), o.centroids(), o.positions(), o.dendrogram());
            case 3 -> new ClusterOptions(o.k(), o.algorithm(), o.seed(), o.maxIterations() % 500 + 1, o.representatives(), o.centroids(), o.positions(), o.dendrogram());
            case 4 -> new ClusterOptions(o.k(), o.algorithm(), o.seed(), o.maxIterations(), (o.representatives() + 1) % (ClusterOptions.MAX_REPRESENTATIVES + 1), o.centroids(), o.positions(), o.dendrogram());
            case 5 -> new ClusterOptions(o.k(), o.algorithm(), o.seed(), o.maxIterations(), o.representatives(), o.centroids() == false, o.positions(), o.dendrogram());
            case 6 -> new ClusterOptions(o.k(), o.algorithm(), o.seed(), o.maxIterations(), o.representatives(), o.centroids(), o.positions() == false, o.dendrogram());
            default -> new ClusterOptions(o.k(), o.algorithm(), o.seed(), o.maxIterations(), o.representatives(), o.centroids(), o.positions(), o.dendrogram() == false);
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
