package org.latentarchive.index;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * How to reach Elasticsearch, the same options and environment variables for every command (indexer, curator,
 * explorer, demo): secrets may come from the environment instead of the command line, so that they stay out of
 * shell histories and process lists.
 */
public final class EsOptions {

    @Option(names = "--es-url", defaultValue = "${env:LATENT_ARCHIVE_ES_URL:-http://127.0.0.1:9200}",
        description = "Elasticsearch URL (env LATENT_ARCHIVE_ES_URL; default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--es-api-key", defaultValue = "${env:LATENT_ARCHIVE_ES_API_KEY}",
        description = "API key, as Elasticsearch encodes it (env LATENT_ARCHIVE_ES_API_KEY)")
    String apiKey;

    @Option(names = "--es-user", defaultValue = "${env:LATENT_ARCHIVE_ES_USER}",
        description = "user for basic auth (env LATENT_ARCHIVE_ES_USER)")
    String user;

    @Option(names = "--es-password", defaultValue = "${env:LATENT_ARCHIVE_ES_PASSWORD}",
        description = "password for basic auth (env LATENT_ARCHIVE_ES_PASSWORD)")
    String password;

    @Option(names = "--es-ca", defaultValue = "${env:LATENT_ARCHIVE_ES_CA}",
        description = "PEM file of the certificate authority that signed the cluster's TLS certificate (env LATENT_ARCHIVE_ES_CA)")
    Path caCertificate;

    public EsConfig config() {
        return new EsConfig(url, blank(apiKey), blank(user), password, caCertificate);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
