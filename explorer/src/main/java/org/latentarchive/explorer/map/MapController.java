package org.latentarchive.explorer.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.latentarchive.curator.layout.LayoutMethod;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.NotFound;
import org.latentarchive.explorer.web.Params;

/**
 * The whole-collection map's routes: GET /api/layouts, GET /api/map (binary or format=json), GET /api/map/labels,
 * GET /api/map/atlas, and the curator's POST /api/layouts and GET /api/layouts/jobs/{id}.
 */
public final class MapController {

    private final MapService map;
    private final AtlasService atlases;
    private final LayoutJobs jobs;
    private final VectorFields fields;
    private final ObjectMapper json;

    public MapController(MapService map, AtlasService atlases, LayoutJobs jobs, VectorFields fields, ObjectMapper json) {
        this.map = map;
        this.atlases = atlases;
        this.jobs = jobs;
        this.fields = fields;
        this.json = json;
    }

    /** GET /api/layouts?field= */
    public void layouts(Context ctx) {
        LayoutCatalog.SpaceLayouts stored = map.layouts(Params.vectorField(ctx, fields));
        ObjectNode body = json.createObjectNode().put("field", stored.field());
        ArrayNode list = body.putArray("layouts");
        stored.layouts().forEach(e -> list.addObject().put("name", e.name()).put("count", e.count())
            .put("computedAt", e.computedAt()).put("version", e.version()));
        body.put("clusters", stored.clusters());
        ctx.json(body);
    }

    /** GET /api/map?field=&layout=&format=binary|json plus the search page's q and filters. */
    public void points(Context ctx) {
        MapService.Subset subset = subset(ctx);
        if (Params.choice(ctx, "format", "binary", Set.of("binary", "json")).equals("json")) {
            ctx.contentType("application/json").result(answer(subset, "json", () -> write(MapBody.json(json, subset))));
        } else {
            ctx.contentType(MapBody.CONTENT_TYPE).result(answer(subset, "binary", () -> MapBody.binary(json, subset)));
        }
    }

    /** The answer for the subset; for the whole layout, encoded once and kept with it. */
    private static byte[] answer(MapService.Subset subset, String kind, java.util.function.Supplier<byte[]> encode) {
        return subset.whole() ? subset.layout().wholeAnswer(kind, encode) : encode.get();
    }

    private byte[] write(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** GET /api/map/labels: ids, titles and artists in the order of /api/map's points. */
    public void labels(Context ctx) {
        MapService.Subset subset = subset(ctx);
        ctx.contentType("application/json").result(answer(subset, "labels", () -> write(MapBody.labels(json, subset))));
    }

    /** GET /api/map/atlas?field=&layout=&n=&v= */
    public void atlas(Context ctx) {
        String field = Params.vectorField(ctx, fields);
        MapLayout layout = map.layout(field, layoutName(ctx));
        int n = Params.optionalInteger(ctx, "n", 0, Integer.MAX_VALUE).orElseThrow(() -> new BadRequest("n (the atlas number) is required"));
        if (n >= layout.atlas.count()) {
            throw new BadRequest("n must be below " + layout.atlas.count() + ": the layout has that many atlases");
        }
        Optional<String> version = Params.text(ctx, "v", 100);
        if (version.isPresent() && !version.get().equals(layout.version)) {
            throw new NotFound("atlas version " + version.get() + " is gone: the layout was recomputed, its version is now "
                + layout.version + " (GET /api/map again)");
        }
        byte[] jpeg = atlases.atlas(layout, n);
        // the version is in the URL: an atlas never changes under it
        ctx.header("Cache-Control", version.isPresent() ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.contentType("image/jpeg").result(jpeg);
    }

    /** POST /api/layouts {"field": F, "methods": ["pca", ...]}: the curator starts the layout job; 202 {"id"}. */
    public void start(Context ctx) {
        JsonNode body = Params.body(ctx, JsonNode.class);
        if (!body.isObject()) {
            throw new BadRequest("the body must be a JSON object: {\"field\": \"mobilenet_v2\", \"methods\": [\"pca\", \"umap\", \"tsne\", \"grid\"]}");
        }
        JsonNode fieldNode = body.path("field");
        if (!fieldNode.isMissingNode() && !fieldNode.isNull() && !fieldNode.isTextual()) {
            throw new BadRequest("field must be a string");
        }
        String field = fields.resolve(fieldNode.isTextual() && !fieldNode.asText().isBlank()
            ? Optional.of(fieldNode.asText().trim()) : Optional.empty());
        JsonNode methodsNode = body.path("methods");
        List<String> names = new ArrayList<>();
        if (methodsNode.isMissingNode() || methodsNode.isNull()) {
            names.addAll(MapService.LAYOUTS);
        } else if (!methodsNode.isArray() || methodsNode.isEmpty()) {
            throw new BadRequest("methods must be a non-empty array of " + LayoutMethod.names());
        } else {
            for (JsonNode m : methodsNode) {
                if (!m.isTextual()) {
                    throw new BadRequest("methods must be strings, of " + LayoutMethod.names());
                }
                names.add(m.asText());
            }
        }
        List<LayoutMethod> methods;
        try {
            methods = LayoutMethod.parseAll(names);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        LayoutJobs.Status started = jobs.start(field, methods);
        ctx.status(202).json(started);
    }

    /** GET /api/layouts/jobs/{id} */
    public void job(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(jobs.get(id).orElseThrow(() -> new NotFound("no layout job '" + (id.length() > 20 ? id.substring(0, 20) : id) + "'")));
    }

    private MapService.Subset subset(Context ctx) {
        String field = Params.vectorField(ctx, fields);
        String layout = layoutName(ctx);
        return map.subset(field, layout, Params.text(ctx, "q", 500), Params.filter(ctx));
    }

    private static String layoutName(Context ctx) {
        return Params.text(ctx, "layout", 40).orElseThrow(() ->
            new BadRequest("layout is required: one of " + String.join(", ", MapService.LAYOUTS)));
    }
}
