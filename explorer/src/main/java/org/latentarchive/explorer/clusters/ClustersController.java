package org.latentarchive.explorer.clusters;

import io.javalin.http.Context;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.projection.Projection;
import org.latentarchive.explorer.web.Params;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.web.BadRequest;

/** GET /api/clusters?field=&k=8&algorithm=kmeans|ward&seed=0&projection=pca|umap&points=300&perRow=10 plus filters. */
public final class ClustersController {

    private final ClustersService clusters;
    private final VectorFields fields;

    public ClustersController(ClustersService clusters, VectorFields fields) {
        this.clusters = clusters;
        this.fields = fields;
    }

    public void get(Context ctx) {
        ClusterRequest request = new ClusterRequest(Params.vectorField(ctx, fields), Params.filter(ctx), List.of(),
            Params.integer(ctx, "k", 8, 2, 50),
            Params.choice(ctx, "algorithm", "kmeans", Set.of("kmeans", "ward")),
            Params.integer(ctx, "seed", 0, 0, Integer.MAX_VALUE),
            Projection.parse(Params.choice(ctx, "projection", "pca", Set.of("pca", "umap"))),
            Params.integer(ctx, "points", 300, 1, 1000),
            Params.integer(ctx, "perRow", 10, 1, 40));
        ctx.json(clusters.map(request));
    }

    /** The most artworks a selection on the map may cluster at once. */
    static final int MAX_SELECTION = 10_000;
    /** 10,000 ids of a museum's length, quoted and separated. */
    static final int MAX_SELECTION_BYTES = 2 << 20;

    /**
     * POST /api/clusters/selection {"field", "ids": [...], "k": 2..20, "method": "kmeans"|"ward"}: the clusters of a
     * selection on the map, as GET /api/clusters answers them (read-only: POST only for the length of the list).
     */
    public void selection(Context ctx) {
        JsonNode body = Params.body(ctx, JsonNode.class, MAX_SELECTION_BYTES);
        if (!body.isObject()) {
            throw new BadRequest("the body must be a JSON object: {\"field\": ..., \"ids\": [...], \"k\": 4, \"method\": \"kmeans\"}");
        }
        JsonNode field = body.path("field");
        if (!field.isMissingNode() && !field.isNull() && !field.isTextual()) {
            throw new BadRequest("field must be a string");
        }
        String resolved = fields.resolve(field.isTextual() && !field.asText().isBlank() ? Optional.of(field.asText().trim()) : Optional.empty());
        JsonNode idsNode = body.path("ids");
        if (!idsNode.isArray() || idsNode.isEmpty()) {
            throw new BadRequest("ids must be a non-empty array of artwork ids");
        }
        if (idsNode.size() > MAX_SELECTION) {
            throw new BadRequest("at most " + MAX_SELECTION + " ids at once, not " + idsNode.size());
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (JsonNode id : idsNode) {
            if (!id.isTextual()) {
                throw new BadRequest("ids must be strings");
            }
            ids.add(Params.id(ctx, "ids", id.asText()));
        }
        JsonNode kNode = body.path("k");
        int k = 4;
        if (!kNode.isMissingNode() && !kNode.isNull()) {
            if (!kNode.canConvertToInt() || !kNode.isIntegralNumber() || kNode.asInt() < 2 || kNode.asInt() > 20) {
                throw new BadRequest("k must be a whole number 2..20, not " + kNode);
            }
            k = kNode.asInt();
        }
        JsonNode methodNode = body.path("method");
        String method = methodNode.isMissingNode() || methodNode.isNull() ? "kmeans" : methodNode.asText("");
        if (!Set.of("kmeans", "ward").contains(method) || !methodNode.isMissingNode() && !methodNode.isNull() && !methodNode.isTextual()) {
            throw new BadRequest("method must be kmeans or ward, not " + methodNode);
        }
        ClusterRequest request = new ClusterRequest(resolved, ArtworkFilter.NONE, new ArrayList<>(ids), k, method, 0,
            Projection.PCA, Math.min(ids.size(), 1000), 10);
        ctx.json(clusters.map(request));
    }
}
