package org.latentarchive.explorer.neighbours;

import io.javalin.http.Context;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.web.Params;

import java.util.Set;

/** GET /api/artworks/{id}/neighbours?field=&direction=nearest|farthest&size=12 plus the shared filters. */
public final class NeighboursController {

    private final NeighboursService neighbours;
    private final VectorFields fields;

    public NeighboursController(NeighboursService neighbours, VectorFields fields) {
        this.neighbours = neighbours;
        this.fields = fields;
    }

    public void get(Context ctx) {
        String id = Params.id(ctx, "id", ctx.pathParam("id"));
        String direction = Params.choice(ctx, "direction", "nearest", Set.of("nearest", "farthest"));
        int size = Params.integer(ctx, "size", 12, 1, 100);
        var filter = Params.filter(ctx);
        ctx.json(neighbours.neighbours(id, Params.vectorField(ctx, fields), direction, filter, size));
    }
}
