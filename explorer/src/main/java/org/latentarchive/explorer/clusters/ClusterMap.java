package org.latentarchive.explorer.clusters;

import org.latentarchive.explorer.artwork.ArtworkSummary;

import java.util.List;

/**
 * The map page's data: the plugin's clusters with their representatives and facets, the subset's artworks laid
 * out in 2-D (each tagged with the cluster whose centroid is nearest), the grid order that projection gives, and the
 * Ward merge tree when asked.
 */
public record ClusterMap(String field, String algorithm, int k, double inertia, long total, String projection,
                         List<Cluster> clusters, List<MapPoint> points, List<String> gridOrder, List<Merge> dendrogram) {

    public record Cluster(int key, long docCount, List<Representative> representatives, List<Facet> topArtists,
                          List<Facet> periods, double[] position) {
    }

    public record Representative(double distance, ArtworkSummary artwork) {
    }

    public record Facet(String value, long count) {
    }

    public record MapPoint(ArtworkSummary artwork, double x, double y, int cluster) {
    }

    /** One Ward merge: ids below k are clusters (bucket keys), id k + i is merge i. */
    public record Merge(int left, int right, double distance, long size) {
    }
}
