package org.latentarchive.explorer.imagesearch;

import io.javalin.http.Context;
import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.Params;
import org.latentarchive.explorer.web.Uploads;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/search/image}: the image as the body (its own content type) or as the multipart field
 * {@code image}; {@code field}, {@code direction}, {@code size}, the shared filters, and optionally {@code like} /
 * {@code unlike} (comma-separated artwork ids) to refine, in the query string.
 * {@code GET /api/similar?like=..&unlike=..}: the same refinement from marked artworks alone.
 */
public final class ImageSearchController {

    private static final int MAX_MARKS = 50;

    private final ImageSearchService search;
    private final VectorFields fields;
    private final int maxBytes;

    public ImageSearchController(ImageSearchService search, VectorFields fields, int maxBytes) {
        this.search = search;
        this.fields = fields;
        this.maxBytes = maxBytes;
    }

    /** What both routes take: the space, the direction, how many, the filters and the marks. */
    private record Ask(String field, String direction, int size, ArtworkFilter filter, List<String> like, List<String> unlike) {
    }

    private Ask ask(Context ctx) {
        return new Ask(Params.vectorField(ctx, fields), direction(ctx), size(ctx), Params.filter(ctx), ids(ctx, "like"), ids(ctx, "unlike"));
    }

    public void byImage(Context ctx) {
        Ask ask = ask(ctx);
        float[] vector = search.vectorOf(Uploads.image(ctx, maxBytes), ask.field());
        ctx.json(search.similar(List.of(vector), ask.like(), ask.unlike(), ask.field(), ask.direction(), ask.filter(), ask.size()));
    }

    public void byMarks(Context ctx) {
        Ask ask = ask(ctx);
        ctx.json(search.similar(List.of(), ask.like(), ask.unlike(), ask.field(), ask.direction(), ask.filter(), ask.size()));
    }

    private static String direction(Context ctx) {
        return Params.choice(ctx, "direction", "nearest", Set.of("nearest", "farthest"));
    }

    private static int size(Context ctx) {
        return Params.integer(ctx, "size", 24, 1, 100);
    }

    /** Comma-separated artwork ids (repeated parameters are joined), each checked like a path id. */
    private static List<String> ids(Context ctx, String name) {
        Set<String> ids = new LinkedHashSet<>();
        for (String value : ctx.queryParams(name)) {
            for (String id : value.split(",")) {
                if (id.isBlank() == false) {
                    ids.add(Params.id(ctx, name, id.trim()));
                }
            }
        }
        if (ids.size() > MAX_MARKS) {
            throw new BadRequest(name + ": at most " + MAX_MARKS + " artworks");
        }
        return new ArrayList<>(ids);
    }
}
