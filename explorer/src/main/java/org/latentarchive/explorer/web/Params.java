package org.latentarchive.explorer.web;

import io.javalin.http.Context;
import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.fields.VectorFields;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads and checks query parameters; every failure is a {@link BadRequest} naming the parameter. */
public final class Params {

    /** Artwork ids come from museums (e.g. "KMS1", "109220", "KKS1982-123/4"); nothing else gets near a URL. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[\\p{L}\\p{N} ._:/()\\-]{1,128}");

    private Params() {
    }

    public static String id(Context ctx, String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequest(name + " is required");
        }
        if (!ID.matcher(value).matches()) {
            throw new BadRequest(name + " is not an artwork id: letters, digits, space and ._:/()- only, at most 128");
        }
        return value;
    }

    public static String requiredId(Context ctx, String name) {
        return id(ctx, name, ctx.queryParam(name));
    }

    public static int integer(Context ctx, String name, int fallback, int min, int max) {
        return optionalInteger(ctx, name, min, max).orElse(fallback);
    }

    public static Optional<Integer> optionalInteger(Context ctx, String name, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number, not '" + abbreviate(raw) + "'");
        }
        if (value < min || value > max) {
            throw new BadRequest(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return Optional.of(value);
    }

    public static String choice(Context ctx, String name, String fallback, Set<String> allowed) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        if (!allowed.contains(raw)) {
            throw new BadRequest(name + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed))
                + ", not '" + abbreviate(raw) + "'");
        }
        return raw;
    }

    public static Optional<String> text(Context ctx, String name, int maxLength) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (raw.length() > maxLength) {
            throw new BadRequest(name + " is longer than " + maxLength + " characters");
        }
        return Optional.of(raw.trim());
    }

    public static Optional<Boolean> bool(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return switch (raw) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new BadRequest(name + " must be true or false, not '" + abbreviate(raw) + "'");
        };
    }

    /**
     * The vector space a request names with {@code field=} (e.g. {@code tuned_3}), checked against the index's
     * mapping; the explorer's default space when the request names none.
     */
    public static String vectorField(Context ctx, VectorFields fields) {
        return fields.resolve(text(ctx, "field", 200));
    }

    /** The filters every page shares: artist, dating range, technique, public domain. */
    public static ArtworkFilter filter(Context ctx) {
        List<String> artists = ctx.queryParams("artist").stream().filter(a -> !a.isBlank()).toList();
        if (artists.size() > 20 || artists.stream().anyMatch(a -> a.length() > 200)) {
            throw new BadRequest("artist: at most 20 values of at most 200 characters");
        }
        Optional<Integer> from = optionalInteger(ctx, "yearFrom", -5000, 3000);
        Optional<Integer> to = optionalInteger(ctx, "yearTo", -5000, 3000);
        if (from.isPresent() && to.isPresent() && from.get() > to.get()) {
            throw new BadRequest("yearFrom (" + from.get() + ") is after yearTo (" + to.get() + ")");
        }
        return new ArtworkFilter(artists, from, to, text(ctx, "technique", 200), bool(ctx, "publicDomain"));
    }

    /**
     * The request's JSON body as {@code type}; a missing or malformed body is a {@link BadRequest} with the parser's
     * first line. Javalin rethrows Jackson's checked parse errors unchecked, so every exception is caught here.
     */
    public static <T> T body(Context ctx, Class<T> type) {
        return body(ctx, type, MAX_JSON_BYTES);
    }

    /** The same with a larger limit, for a route whose body is a long list (a map selection's ids). */
    public static <T> T body(Context ctx, Class<T> type, int maxBytes) {
        if (ctx.contentLength() > maxBytes) {
            throw new PayloadTooLarge("a JSON body holds at most " + (maxBytes >> 10) + " KiB");
        }
        T body;
        try {
            body = ctx.bodyAsClass(type);
        } catch (Exception e) {
            throw new BadRequest("the body is not valid JSON for a " + type.getSimpleName() + ": "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (body == null) {
            throw new BadRequest("a JSON body is required");
        }
        return body;
    }

    /** Annotations, training options, sign-in: small JSON documents; anything bigger is a mistake or an attack. */
    public static final int MAX_JSON_BYTES = 64 << 10;

    private static String abbreviate(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }
}
