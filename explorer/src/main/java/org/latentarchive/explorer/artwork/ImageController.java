package org.latentarchive.explorer.artwork;

import io.javalin.http.Context;
import org.latentarchive.explorer.web.NotFound;
import org.latentarchive.explorer.web.Params;

import java.util.Set;

/** GET /images/{id}[?size=thumb]: an indexed artwork's image; 404 (the page shows a placeholder) when none loads. */
public final class ImageController {

    private final ImageService images;

    public ImageController(ImageService images) {
        this.images = images;
    }

    public void get(Context ctx) {
        String id = Params.id(ctx, "id", ctx.pathParam("id"));
        boolean thumbnail = Params.choice(ctx, "size", "full", Set.of("full", "thumb")).equals("thumb");
        Image image = images.image(id, thumbnail).orElseThrow(() -> new NotFound("no image for artwork " + id));
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(image.contentType()).result(image.bytes());
    }
}
