package org.latentarchive.explorer.web;

/** A request body over its route's limit (JSON, an import, an upload over its byte or pixel limit): status 413. */
public final class PayloadTooLarge extends RuntimeException {
    public PayloadTooLarge(String reason) {
        super(reason);
    }
}
