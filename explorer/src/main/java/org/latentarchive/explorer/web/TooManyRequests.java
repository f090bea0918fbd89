package org.latentarchive.explorer.web;

import java.time.Duration;

/** A client over a route's rate: status 429, a Retry-After header and the reason as JSON. */
public final class TooManyRequests extends RuntimeException {

    private final Duration retryAfter;

    public TooManyRequests(String reason, Duration retryAfter) {
        super(reason);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least 1, as Retry-After takes them. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
