package org.latentarchive.explorer.es;

/** Elasticsearch answered with an error, or could not be reached (status 0). */
public final class ElasticsearchException extends RuntimeException {

    private final int status;

    public ElasticsearchException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public ElasticsearchException(String reason, Throwable cause) {
        super(reason, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
