package org.latentarchive.explorer.web;

/** A request the current state refuses (a training while another runs): status 409 with the reason as JSON. */
public final class Conflict extends RuntimeException {
    public Conflict(String reason) {
        super(reason);
    }
}
