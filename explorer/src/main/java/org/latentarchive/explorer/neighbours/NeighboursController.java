package org.latentarchive.explorer.neighbours;

import io.javalin.http.Context;
import org.latentarchive.explorer.artwork.ArtworkService;
import org.latentarchive.explorer.web.NotFound;
import org.latentarchive.explorer.web.Params;

import java.util.List;
import java.util.Set;

/** GET /api/artworks/{id}/neighbours?direction=nearest|farthest&size=12 plus the shared filters. */
public final class NeighboursController {

    private final NeighboursService neighbours;
    private final ArtworkService artworks;

    public NeighboursController(NeighboursService neighbours, ArtworkService artworks) {
        this.neighbours = neighbours;
        this.artworks = artworks;
    }

    public void get(Context ctx) {
        String id = Params.id(ctx, "id", ctx.pathParam("id"));
        String direction = Params.choice(ctx, "direction", "nearest", Set.of("nearest", "farthest"));
        int size = Params.integer(ctx, "size", 12, 1, 100);
        var filter = Params.filter(ctx);
        if (artworks.summaries(List.of(id)).isEmpty()) {
            throw new NotFound("no artwork with id " + id);
        }
        ctx.json(neighbours.neighbours(id, direction, filter, size));
    }
}
