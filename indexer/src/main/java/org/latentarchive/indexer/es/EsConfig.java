package org.latentarchive.indexer.es;

import java.nio.file.Path;

/**
 * How to reach Elasticsearch: a URL, optionally an API key or a user and password, and for TLS with a private
 * certificate authority the CA certificate (PEM).
 */
public record EsConfig(String url, String apiKey, String username, String password, Path caCertificate) {

    public static EsConfig of(String url) {
        return new EsConfig(url, null, null, null, null);
    }

    @Override
    public String toString() {
        // Never print credentials.
        return url + (apiKey != null ? " (API key)" : username != null ? " (user " + username + ")" : "");
    }
}
