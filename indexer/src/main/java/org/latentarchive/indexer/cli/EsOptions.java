package org.latentarchive.indexer.cli;

import org.latentarchive.indexer.es.EsConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How to reach Elasticsearch; secrets may come from the environment instead of the command line. */
public final class EsOptions {

    @Option(names = "--es-url", defaultValue = "${env:ES_URL:-http://localhost:9200}",
        description = "Elasticsearch URL (default: $ES_URL or ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--api-key", defaultValue = "${env:ES_API_KEY}", description = "API key (default: $ES_API_KEY)")
    String apiKey;

    @Option(names = "--user", defaultValue = "${env:ES_USER}", description = "user for basic auth (default: $ES_USER)")
    String user;

    @Option(names = "--password", defaultValue = "${env:ES_PASSWORD}", description = "password (default: $ES_PASSWORD)")
    String password;

    @Option(names = "--ca-cert", description = "PEM file of the certificate authority that signed the cluster's TLS certificate")
    Path caCert;

    public EsConfig config() {
        return new EsConfig(url, blank(apiKey), blank(user), password, caCert);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
