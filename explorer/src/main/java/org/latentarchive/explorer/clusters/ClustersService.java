package org.latentarchive.explorer.clusters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.latentarchive.explorer.artwork.ArtworkDocuments;
import org.latentarchive.explorer.artwork.ArtworkService;
import org.latentarchive.explorer.artwork.ArtworkSummary;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.projection.ProjectionGrid;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Clusters of the filtered subset through the plugin's {@code vector_clusters} aggregation, whose sub-aggregations
 * give each cluster's facets (top artists, a period histogram), and a 2-D layout of the subset for the scatter and
 * the grid.
 */
public final class ClustersService {

    static final int PERIOD_YEARS = 50;

    private final ElasticsearchClient es;
    private final ArtworkService artworks;
    private final String index;

    public ClustersService(ElasticsearchClient es, ArtworkService artworks, String index) {
        this.es = es;
        this.artworks = artworks;
        this.index = index;
    }

    public ClusterMap map(ClusterRequest request) {
        boolean ward = request.algorithm().equals("ward");
        ObjectNode body = es.object();
        body.put("size", 0).put("track_total_hits", true);
        body.set("query", request.query(es.json()));
        ObjectNode clusters = body.putObject("aggs").putObject("clusters");
        clusters.putObject("vector_clusters")
            .put("field", request.field()).put("k", request.k()).put("algorithm", request.algorithm()).put("seed", request.seed())
            .put("representatives", 6).put("centroids", true).put("positions", true).put("dendrogram", ward);
        ObjectNode facets = clusters.putObject("aggs");
        facets.putObject("top_artists").putObject("terms").put("field", "artist.keyword").put("size", 5);
        facets.putObject("periods").putObject("histogram").put("field", "dating.start_year")
            .put("interval", PERIOD_YEARS).put("min_doc_count", 1);
        JsonNode answer = es.search(index, body);
        JsonNode agg = answer.path("aggregations").path("clusters");

        Set<String> representativeIds = new LinkedHashSet<>();
        agg.path("buckets").forEach(b -> b.path("representatives").forEach(r -> representativeIds.add(r.path("id").asText())));
        Map<String, ArtworkSummary> summaries = artworks.summaries(representativeIds).stream()
            .collect(Collectors.toMap(ArtworkSummary::id, Function.identity()));

        List<ClusterMap.Cluster> list = new ArrayList<>();
        List<double[]> centroids = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        for (JsonNode b : agg.path("buckets")) {
            List<ClusterMap.Representative> reps = new ArrayList<>();
            b.path("representatives").forEach(r -> {
                ArtworkSummary s = summaries.get(r.path("id").asText());
                if (s != null) {
                    reps.add(new ClusterMap.Representative(r.path("distance").asDouble(), s));
                }
            });
            List<ClusterMap.Facet> artists = new ArrayList<>();
            b.path("top_artists").path("buckets").forEach(t -> artists.add(new ClusterMap.Facet(t.path("key").asText(), t.path("doc_count").asLong())));
            List<ClusterMap.Facet> periods = new ArrayList<>();
            b.path("periods").path("buckets").forEach(t -> periods.add(new ClusterMap.Facet(
                String.valueOf((long) t.path("key").asDouble()), t.path("doc_count").asLong())));
            double[] position = doubles(b.path("position"));
            list.add(new ClusterMap.Cluster(b.path("key").asInt(), b.path("doc_count").asLong(), reps, artists, periods, position));
            double[] centroid = doubles(b.path("centroid"));
            if (centroid != null) {
                centroids.add(centroid);
                keys.add(b.path("key").asInt());
            }
        }
        List<ClusterMap.Merge> dendrogram = new ArrayList<>();
        agg.path("dendrogram").forEach(m -> dendrogram.add(new ClusterMap.Merge(m.path("left").asInt(), m.path("right").asInt(),
            m.path("distance").asDouble(), m.path("size").asLong())));

        Layout layout = layout(request, centroids, keys);
        return new ClusterMap(request.field(), agg.path("algorithm").asText(request.algorithm()), request.k(), agg.path("inertia").asDouble(),
            answer.path("hits").path("total").path("value").asLong(), request.projection().name().toLowerCase(java.util.Locale.ROOT),
            list, layout.points(), layout.gridOrder(), dendrogram);
    }

    private record Layout(List<ClusterMap.MapPoint> points, List<String> gridOrder) {
    }

    /** A sample of the subset (the first by id, so the same on every call) projected to 2-D. */
    private Layout layout(ClusterRequest request, List<double[]> centroids, List<Integer> keys) {
        ObjectNode body = es.object();
        body.put("size", request.points());
        body.set("query", request.query(es.json()));
        body.putArray("sort").addObject().putObject("object_number").put("order", "asc").put("unmapped_type", "keyword");
        List<String> fields = new ArrayList<>(ArtworkDocuments.SUMMARY_FIELDS);
        fields.add(request.field());
        body.set("_source", ArtworkService.sourceWithVectors(es, fields));
        List<ArtworkSummary> summaries = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (JsonNode hit : es.search(index, body).path("hits").path("hits")) {
            float[] v = ArtworkService.vector(hit.path("_source"), request.field());
            if (v != null) {
                summaries.add(ArtworkDocuments.summary(hit.path("_id").asText(), hit.path("_source")));
                vectors.add(v);
            }
        }
        double[][] xy = request.projection().project(vectors.toArray(float[][]::new), request.seed());
        List<ClusterMap.MapPoint> points = new ArrayList<>();
        for (int i = 0; i < summaries.size(); i++) {
            points.add(new ClusterMap.MapPoint(summaries.get(i), xy[i][0], xy[i][1], nearest(vectors.get(i), centroids, keys)));
        }
        List<String> gridOrder = ProjectionGrid.order(xy, request.perRow()).stream().map(i -> summaries.get(i).id()).toList();
        return new Layout(points, gridOrder);
    }

    /** The key of the centroid most similar (cosine) to {@code v}, or -1 without centroids. */
    static int nearest(float[] v, List<double[]> centroids, List<Integer> keys) {
        int best = -1;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < centroids.size(); c++) {
            double[] centroid = centroids.get(c);
            if (centroid.length != v.length) {
                continue;
            }
            double dot = 0;
            double nv = 0;
            double nc = 0;
            for (int j = 0; j < v.length; j++) {
                dot += v[j] * centroid[j];
                nv += v[j] * v[j];
                nc += centroid[j] * centroid[j];
            }
            double similarity = dot / Math.sqrt(Math.max(nv * nc, 1e-30));
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = keys.get(c);
            }
        }
        return best;
    }

    private static double[] doubles(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return null;
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
