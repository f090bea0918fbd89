package org.latentarchive.index;

import java.nio.file.Path;

/**
 * How to reach Elasticsearch: a URL, optionally an API key or a user and password, and for TLS with a private
 * certificate authority the CA certificate (PEM).
 */
public record EsConfig(String url, String apiKey, String username, String password, Path caCertificate) {

    public EsConfig {
        if (url == null || !url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("the Elasticsearch URL must start with http:// or https://: " + url);
        }
        url = url.replaceAll("/+$", "");
    }

    public static EsConfig of(String url) {
        return new EsConfig(url, null, null, null, null);
    }

    /** The value of the Authorization header these credentials give, if any. */
    public java.util.Optional<String> authorization() {
        if (apiKey != null) {
            return java.util.Optional.of("ApiKey " + apiKey);
        }
        if (username != null) {
            String pair = username + ":" + (password == null ? "" : password);
            return java.util.Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        // Never print credentials.
        return url + (apiKey != null ? " (API key)" : username != null ? " (user " + username + ")" : "");
    }
}
