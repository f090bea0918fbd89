package org.latentarchive.indexer.curator.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.nio.file.Path;
import org.latentarchive.indexer.curator.ArtworkVectors;
import org.latentarchive.indexer.es.EsClients;
import org.latentarchive.indexer.es.EsConfig;
import picocli.CommandLine.Option;

/** Where the artworks index lives: the same options and environment variables as the indexer's own commands. */
public final class ConnectionOptions {

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

    @Option(names = "--index", defaultValue = ArtworkVectors.INDEX, description = "artworks index (default: ${DEFAULT-VALUE})")
    String index;

    ElasticsearchClient connect() throws IOException {
        return EsClients.connect(new EsConfig(url, blank(apiKey), blank(user), password, caCert));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
