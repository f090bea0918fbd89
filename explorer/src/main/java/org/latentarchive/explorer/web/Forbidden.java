package org.latentarchive.explorer.web;

/** A state-changing request without its session's CSRF token: status 403 with the reason as JSON. */
public final class Forbidden extends RuntimeException {
    public Forbidden(String reason) {
        super(reason);
    }
}
