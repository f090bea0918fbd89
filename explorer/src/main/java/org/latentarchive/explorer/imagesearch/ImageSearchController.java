package org.latentarchive.explorer.imagesearch;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.Params;
import org.latentarchive.explorer.web.PayloadTooLarge;

import java.io.IOException;
import java.io.InputStream;
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

    public void byImage(Context ctx) {
        String field = Params.vectorField(ctx, fields);
        String direction = direction(ctx);
        int size = size(ctx);
        var filter = Params.filter(ctx);
        List<String> like = ids(ctx, "like");
        List<String> unlike = ids(ctx, "unlike");
        byte[] image = image(ctx);
        float[] vector = search.vectorOf(image, field);
        ctx.json(search.similar(List.of(vector), like, unlike, field, direction, filter, size));
    }

    public void byMarks(Context ctx) {
        String field = Params.vectorField(ctx, fields);
        String direction = direction(ctx);
        int size = size(ctx);
        var filter = Params.filter(ctx);
        List<String> like = ids(ctx, "like");
        List<String> unlike = ids(ctx, "unlike");
        ctx.json(search.similar(List.of(), like, unlike, field, direction, filter, size));
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

    /** The upload's bytes, read up to one byte past the limit (so a huge body is refused without being held). */
    private byte[] image(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            UploadedFile file;
            try {
                file = ctx.uploadedFile("image");
            } catch (RuntimeException e) {
                throw new PayloadTooLarge("the upload is larger than " + maxBytes + " bytes or not a readable form: " + e.getMessage());
            }
            if (file == null) {
                throw new BadRequest("no image: the multipart form has no field \"image\"");
            }
            if (file.size() > maxBytes) {
                throw new PayloadTooLarge("the image is " + file.size() + " bytes; at most " + maxBytes + " are accepted");
            }
            try (InputStream in = file.content()) {
                return in.readNBytes(maxBytes + 1);
            } catch (IOException e) {
                throw new BadRequest("the upload could not be read: " + e.getMessage());
            }
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new PayloadTooLarge("the image is " + declared + " bytes; at most " + maxBytes + " are accepted");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            return in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new BadRequest("the upload could not be read: " + e.getMessage());
        }
    }
}
