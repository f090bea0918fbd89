package org.latentarchive.explorer.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;

/**
 * An uploaded image: the request body itself (with the image's content type), or the multipart field {@code image}.
 * It is read into memory, never to disk, and no further than one byte past the limit.
 */
public final class Uploads {

    private Uploads() {}

    /** The upload's bytes, read up to one byte past {@code maxBytes} (so a huge body is refused without being held). */
    public static byte[] image(Context ctx, int maxBytes) {
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
