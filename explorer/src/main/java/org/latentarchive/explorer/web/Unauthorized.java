package org.latentarchive.explorer.web;

/** A curator route without a signed-in curator, or a failed sign-in: status 401 with the reason as JSON. */
public final class Unauthorized extends RuntimeException {
    public Unauthorized(String reason) {
        super(reason);
    }
}
