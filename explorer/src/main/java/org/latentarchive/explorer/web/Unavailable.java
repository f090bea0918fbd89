package org.latentarchive.explorer.web;

/** The explorer cannot take this request now (its image pool is full, the model cannot load): status 503. */
public final class Unavailable extends RuntimeException {
    public Unavailable(String reason) {
        super(reason);
    }
}
