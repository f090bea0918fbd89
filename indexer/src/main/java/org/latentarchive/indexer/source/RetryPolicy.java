package org.latentarchive.indexer.source;

import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Retries a request on what is worth retrying: 429 (waiting as long as Retry-After asks, capped), 5xx and I/O
 * failures such as timeouts (exponential backoff), and malformed bodies (a proxy may cut a response short).
 * Other 4xx and {@link PermanentException}s fail at once.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxWait) {

    public static RetryPolicy polite() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    public <T> T call(String what, Call<T> call) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait;
            try {
                return call.run();
            } catch (PermanentException e) {
                throw e;
            } catch (HttpStatusException e) {
                if (e.status != 429 && e.status < 500) {
                    throw e;
                }
                last = e;
                wait = e.retryAfter != null ? min(e.retryAfter, maxWait) : backoff(attempt);
            } catch (IOException e) {
                last = e;
                wait = backoff(attempt);
            }
            if (attempt < maxAttempts) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting to retry " + what, e);
                }
            }
        }
        throw new IOException(what + " failed after " + maxAttempts + " attempts: " + last.getMessage(), last);
    }

    private Duration backoff(int attempt) {
        return min(initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20)), maxWait);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** An HTTP status that is not success; carries Retry-After when the server sent one. */
    public static final class HttpStatusException extends IOException {
        final int status;
        final Duration retryAfter;

        HttpStatusException(int status, String message, Duration retryAfter) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        static HttpStatusException of(Response response) {
            return new HttpStatusException(response.code(), "HTTP " + response.code() + " from " + response.request().url(),
                parseRetryAfter(response.header("Retry-After")));
        }
    }

    /** A failure that retrying cannot fix (too large, malformed beyond repair, not found). */
    public static final class PermanentException extends IOException {
        public PermanentException(String message) {
            super(message);
        }
    }

    /** Retry-After is either seconds or an HTTP date. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
