package org.latentarchive.explorer.artwork;

import io.javalin.http.Context;
import org.latentarchive.explorer.web.NotFound;
import org.latentarchive.explorer.web.Params;

/** GET /api/artworks/{id}: one artwork's metadata. */
public final class ArtworkController {

    private final ArtworkService artworks;

    public ArtworkController(ArtworkService artworks) {
        this.artworks = artworks;
    }

    public void get(Context ctx) {
        String id = Params.id(ctx, "id", ctx.pathParam("id"));
        ctx.json(artworks.artwork(id).orElseThrow(() -> new NotFound("no artwork with id " + id)));
    }
}
