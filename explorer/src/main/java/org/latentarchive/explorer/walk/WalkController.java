package org.latentarchive.explorer.walk;

import io.javalin.http.Context;
import org.latentarchive.explorer.artwork.ArtworkService;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.projection.Projection;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.NotFound;
import org.latentarchive.explorer.web.Params;
import org.latentarchive.explorer.web.Uploads;
import org.latentarchive.explorer.imagesearch.ImageSearchService;

import java.util.List;
import java.util.Set;

/** GET /api/walk?from=&to=&field=&steps=9&pick=nearest|random_top_k&k=5&seed=0&interpolation=&projection= plus filters. */
public final class WalkController {

    private final WalkService walks;
    private final ArtworkService artworks;
    private final VectorFields fields;

    private final ImageSearchService images;
    private final int maxBytes;

    public WalkController(WalkService walks, ArtworkService artworks, VectorFields fields, ImageSearchService images, int maxBytes) {
        this.walks = walks;
        this.artworks = artworks;
        this.fields = fields;
        this.images = images;
        this.maxBytes = maxBytes;
    }

    public void get(Context ctx) {
        String from = Params.requiredId(ctx, "from");
        String to = Params.requiredId(ctx, "to");
        if (from.equals(to)) {
            throw new BadRequest("from and to must be two different artworks");
        }
        WalkRequest request = request(ctx, from, to);
        checkKnown(List.of(from, to));
        ctx.json(walks.walk(request));
    }

    /** POST /api/walk/image?to=&...: the walk from an uploaded image (the body, as for /api/search/image) to {@code to}. */
    public void fromImage(Context ctx) {
        String to = Params.requiredId(ctx, "to");
        WalkRequest request = request(ctx, WalkRequest.FROM_IMAGE, to);
        checkKnown(List.of(to));
        byte[] image = Uploads.image(ctx, maxBytes);
        ctx.json(walks.walk(request.withFromVector(images.vectorOf(image, request.field()))));
    }

    private void checkKnown(List<String> ids) {
        List<String> known = artworks.summaries(ids).stream().map(s -> s.id()).toList();
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new NotFound("no artwork with id " + id);
            }
        }
    }

    private WalkRequest request(Context ctx, String from, String to) {
        return new WalkRequest(Params.vectorField(ctx, fields), from, to,
            Params.integer(ctx, "steps", 9, 1, 100),
            Params.choice(ctx, "interpolation", "linear", Set.of("linear", "spherical")),
            Params.choice(ctx, "pick", "nearest", Set.of("nearest", "random_top_k")),
            Params.integer(ctx, "k", 5, 1, 50),
            Params.integer(ctx, "seed", 0, 0, Integer.MAX_VALUE),
            Params.filter(ctx),
            Projection.parse(Params.choice(ctx, "projection", "pca", Set.of("pca", "umap"))), null);
    }
}
