package org.latentarchive.plugin.agg;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnByteVectorField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.tests.index.RandomIndexWriter;
import org.apache.lucene.util.BytesRef;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.index.mapper.IdFieldMapper;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.Uid;
import org.elasticsearch.index.mapper.vectors.DenseVectorFieldMapper;
import org.elasticsearch.plugins.SearchPlugin;
import org.elasticsearch.search.aggregations.AggregatorTestCase;
import org.elasticsearch.search.aggregations.bucket.terms.StringTerms;
import org.elasticsearch.search.aggregations.bucket.terms.TermsAggregationBuilder;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.plugin.agg.ClusterOptions.Algorithm;
import org.latentarchive.vectors.testing.PlantedVectors;
import org.latentarchive.vectors.VectorMath;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

public class VectorClustersAggregatorTests extends AggregatorTestCase {

    private static final int DIMS = 8;
    private static final int GROUPS = 4;

    @Override
    protected List<SearchPlugin> getSearchPlugins() {
        return List.of(new LatentArchivePlugin());
    }

    private static MappedFieldType vectorField() {
        return new DenseVectorFieldMapper.DenseVectorFieldType(
            "vector",
            IndexVersion.current(),
            DenseVectorFieldMapper.ElementType.FLOAT,
            DIMS,
            true,
            DenseVectorFieldMapper.VectorSimilarity.L2_NORM,
            null,
            Map.of(),
            false
        );
    }

    private static void index(RandomIndexWriter writer, PlantedVectors planted) throws IOException {
        for (int i = 0; i < planted.size(); i++) {
            Document doc = new Document();
            doc.add(new StoredField(IdFieldMapper.NAME, Uid.encodeId("doc" + i)));
            doc.add(new KnnFloatVectorField("vector", planted.vectors()[i], VectorSimilarityFunction.EUCLIDEAN));
            doc.add(new SortedSetDocValuesField("group", new BytesRef("g" + planted.labels()[i])));
            writer.addDocument(doc);
        }
    }

    public void testBucketsAreThePlantedGroupsWithTheirTerms() throws IOException {
        PlantedVectors planted = PlantedVectors.generate(randomLong(), 400, DIMS, GROUPS, 0.05);
        VectorClustersAggregationBuilder builder = new VectorClustersAggregationBuilder("clusters").field("vector")
            .k(GROUPS)
            .seed(randomLong())
            .representatives(3)
            .subAggregation(new TermsAggregationBuilder("groups").field("group"));
        testCase(writer -> index(writer, planted), (InternalVectorClusters result) -> {
            assertTrue(result.isReduced());
            assertThat(result.getBuckets(), hasSize(GROUPS));
            Map<String, Integer> labelOfId = new HashMap<>();
            for (int i = 0; i < planted.size(); i++) {
                labelOfId.put("doc" + i, planted.labels()[i]);
            }
            Set<String> seenGroups = new HashSet<>();
            double expectedInertia = 0;
            for (InternalVectorClusters.Bucket bucket : result.getBuckets()) {
                assertThat(bucket.getDocCount(), equalTo(100L));
                StringTerms terms = bucket.getAggregations().get("groups");
                // a planted group per bucket: its terms sub-aggregation sees that group only, all of it
                assertThat(terms.getBuckets(), hasSize(1));
                assertThat(terms.getBuckets().get(0).getDocCount(), equalTo(100L));
                String group = terms.getBuckets().get(0).getKeyAsString();
                assertTrue(seenGroups.add(group));
                assertThat(bucket.candidates(), hasSize(3));
                for (InternalVectorClusters.Candidate representative : bucket.candidates()) {
                    assertThat("g" + labelOfId.get(representative.id()), equalTo(group));
                }
                // the centroid is the mean of the group's vectors; inertia their squared distances to it
                int label = Integer.parseInt(group.substring(1));
                double[] mean = new double[DIMS];
                for (int i = 0; i < planted.size(); i++) {
                    if (planted.labels()[i] == label) {
                        VectorMath.addScaled(mean, planted.vectors()[i], 1.0 / 100);
                    }
                }
                float[] centroid = bucket.centroid();
                for (int d = 0; d < DIMS; d++) {
                    assertThat((double) centroid[d], closeTo(mean[d], 1e-4));
                }
                for (int i = 0; i < planted.size(); i++) {
                    if (planted.labels()[i] == label) {
                        expectedInertia += VectorMath.squaredDistance(planted.vectors()[i], VectorMath.toFloats(mean));
                    }
                }
                // representatives are the nearest first, by cosine distance
                double previous = -1;
                for (InternalVectorClusters.Candidate representative : bucket.candidates()) {
                    assertThat(representative.distance(), greaterThanOrEqualTo(previous));
                    previous = representative.distance();
                }
                assertThat(bucket.position().length, equalTo(2));
            }
            assertThat(result.inertia(), closeTo(expectedInertia, 1e-3 * expectedInertia));
            // keys: 0..k-1
            for (int key = 0; key < GROUPS; key++) {
                assertThat(result.getBuckets().get(key).getKey(), equalTo(key));
            }
        }, new AggTestConfig(builder, vectorField(), keywordField("group")));
    }

    public void testWardReturnsTheDendrogramOfTheFinalClusters() throws IOException {
        PlantedVectors planted = PlantedVectors.generate(randomLong(), 200, DIMS, GROUPS, 0.05);
        VectorClustersAggregationBuilder builder = new VectorClustersAggregationBuilder("clusters").field("vector")
            .k(GROUPS)
            .algorithm(Algorithm.WARD)
            .dendrogram(true);
        testCase(writer -> index(writer, planted), (InternalVectorClusters result) -> {
            assertThat(result.getBuckets(), hasSize(GROUPS));
            long total = result.getBuckets().stream().mapToLong(InternalVectorClusters.Bucket::getDocCount).sum();
            assertThat(total, equalTo(200L));
            assertThat(result.dendrogram(), hasSize(GROUPS - 1));
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < result.dendrogram().size(); i++) {
                var merge = result.dendrogram().get(i);
                assertThat(merge.left(), lessThanOrEqualTo(GROUPS + i - 1));
                assertThat(merge.right(), lessThanOrEqualTo(GROUPS + i - 1));
                assertTrue(used.add(merge.left()));
                assertTrue(used.add(merge.right()));
            }
            assertThat(result.dendrogram().get(GROUPS - 2).size(), equalTo(200.0));
        }, new AggTestConfig(builder, vectorField()));
    }

    public void testByteVectorsAreClusteredToo() throws IOException {
        // byte vectors: the planted centres scaled into the byte range
        PlantedVectors planted = PlantedVectors.generate(randomLong(), 120, DIMS, 3, 0.02);
        MappedFieldType byteField = new DenseVectorFieldMapper.DenseVectorFieldType(
            "bytes",
            IndexVersion.current(),
            DenseVectorFieldMapper.ElementType.BYTE,
            DIMS,
            true,
            DenseVectorFieldMapper.VectorSimilarity.L2_NORM,
            null,
            Map.of(),
            false
        );
        VectorClustersAggregationBuilder builder = new VectorClustersAggregationBuilder("clusters").field("bytes")
            .k(3)
            .subAggregation(new TermsAggregationBuilder("groups").field("group"));
        testCase(writer -> {
            for (int i = 0; i < planted.size(); i++) {
                byte[] bytes = new byte[DIMS];
                for (int d = 0; d < DIMS; d++) {
                    bytes[d] = (byte) Math.max(-127, Math.min(127, Math.round(planted.vectors()[i][d] * 40)));
                }
                Document doc = new Document();
                doc.add(new StoredField(IdFieldMapper.NAME, Uid.encodeId("doc" + i)));
                doc.add(new KnnByteVectorField("bytes", bytes, VectorSimilarityFunction.EUCLIDEAN));
                doc.add(new SortedSetDocValuesField("group", new BytesRef("g" + planted.labels()[i])));
                writer.addDocument(doc);
            }
        }, (InternalVectorClusters result) -> {
            assertThat(result.getBuckets(), hasSize(3));
            for (InternalVectorClusters.Bucket bucket : result.getBuckets()) {
                assertThat(bucket.getDocCount(), equalTo(40L));
                StringTerms terms = bucket.getAggregations().get("groups");
                assertThat(terms.getBuckets(), hasSize(1));
            }
        }, new AggTestConfig(builder, byteField, keywordField("group")));
    }

    public void testUnderAMultiBucketParentIsRejected() {
        TermsAggregationBuilder parent = new TermsAggregationBuilder("groups").field("group")
            .subAggregation(new VectorClustersAggregationBuilder("clusters").field("vector").k(2));
        PlantedVectors planted = PlantedVectors.generate(randomLong(), 20, DIMS, 2, 0.05);
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> testCase(writer -> index(writer, planted), result -> {}, new AggTestConfig(parent, vectorField(), keywordField("group")))
        );
        assertThat(e.getMessage(), containsString("top-level or under a single-bucket aggregation"));
    }

    public void testNoMatchingDocumentsGiveNoBuckets() throws IOException {
        VectorClustersAggregationBuilder builder = new VectorClustersAggregationBuilder("clusters").field("vector").k(3);
        testCase(writer -> writer.addDocument(new Document()), (InternalVectorClusters result) -> {
            assertThat(result.getBuckets(), empty());
        }, new AggTestConfig(builder, vectorField()));
    }

    public void testMoreClustersThanDocumentsIsRejected() {
        PlantedVectors planted = PlantedVectors.generate(randomLong(), 5, DIMS, 2, 0.05);
        VectorClustersAggregationBuilder builder = new VectorClustersAggregationBuilder("clusters").field("vector").k(6);
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> testCase(writer -> index(writer, planted), result -> {}, new AggTestConfig(builder, vectorField()))
        );
        assertThat(e.getMessage(), containsString("[k] = [6]"));
    }

    public void testANonVectorFieldIsRejected() {
        VectorClustersAggregationBuilder builder = new VectorClustersAggregationBuilder("clusters").field("group").k(2);
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> testCase(writer -> writer.addDocument(new Document()), result -> {}, new AggTestConfig(builder, keywordField("group")))
        );
        assertThat(e.getMessage(), containsString("must be of type [dense_vector]"));
    }
}
