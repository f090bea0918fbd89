package org.latentarchive.explorer.web;

/** A request body larger than the explorer accepts (an upload over its byte or pixel limit): status 413. */
public final class PayloadTooLarge extends RuntimeException {
    public PayloadTooLarge(String reason) {
        super(reason);
    }
}
