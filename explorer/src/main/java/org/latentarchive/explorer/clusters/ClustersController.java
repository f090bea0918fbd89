package org.latentarchive.explorer.clusters;

import io.javalin.http.Context;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.projection.Projection;
import org.latentarchive.explorer.web.Params;

import java.util.Set;

/** GET /api/clusters?field=&k=8&algorithm=kmeans|ward&seed=0&projection=pca|umap&points=300&perRow=10 plus filters. */
public final class ClustersController {

    private final ClustersService clusters;
    private final VectorFields fields;

    public ClustersController(ClustersService clusters, VectorFields fields) {
        this.clusters = clusters;
        this.fields = fields;
    }

    public void get(Context ctx) {
        ClusterRequest request = new ClusterRequest(Params.vectorField(ctx, fields), Params.filter(ctx),
            Params.integer(ctx, "k", 8, 2, 50),
            Params.choice(ctx, "algorithm", "kmeans", Set.of("kmeans", "ward")),
            Params.integer(ctx, "seed", 0, 0, Integer.MAX_VALUE),
            Projection.parse(Params.choice(ctx, "projection", "pca", Set.of("pca", "umap"))),
            Params.integer(ctx, "points", 300, 1, 1000),
            Params.integer(ctx, "perRow", 10, 1, 40));
        ctx.json(clusters.map(request));
    }
}
