package org.latentarchive.explorer.web;

/** A request body over its route's limit: status 413 with the reason as JSON. */
public final class PayloadTooLarge extends RuntimeException {
    public PayloadTooLarge(String reason) {
        super(reason);
    }
}
