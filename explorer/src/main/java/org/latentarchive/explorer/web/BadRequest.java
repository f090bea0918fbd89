package org.latentarchive.explorer.web;

/** A request the explorer cannot answer as asked; the reason goes back to the caller as JSON with status 400. */
public final class BadRequest extends RuntimeException {
    public BadRequest(String reason) {
        super(reason);
    }
}
