package org.latentarchive.explorer.web;

/** Nothing with that id (an artwork, an image): status 404 with the reason as JSON. */
public final class NotFound extends RuntimeException {
    public NotFound(String reason) {
        super(reason);
    }
}
