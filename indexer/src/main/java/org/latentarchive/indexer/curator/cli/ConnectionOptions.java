package org.latentarchive.indexer.curator.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.latentarchive.indexer.curator.ArtworkVectors;
import picocli.CommandLine.Option;

/** Where the artworks index lives; shared by the curator commands. */
public final class ConnectionOptions {

    @Option(names = "--es", defaultValue = "${env:LATENT_ARCHIVE_ES:-http://localhost:9200}",
        description = "Elasticsearch URL (default: ${DEFAULT-VALUE}; env LATENT_ARCHIVE_ES)")
    String url;

    @Option(names = "--index", defaultValue = ArtworkVectors.INDEX, description = "artworks index (default: ${DEFAULT-VALUE})")
    String index;

    @Option(names = "--api-key", defaultValue = "${env:LATENT_ARCHIVE_API_KEY}", description = "API key (env LATENT_ARCHIVE_API_KEY)")
    String apiKey;

    @Option(names = "--user", description = "basic auth as USER:PASSWORD")
    String user;

    ElasticsearchClient connect() {
        return ElasticsearchClient.of(b -> {
            b.host(url);
            if (apiKey != null && !apiKey.isBlank()) {
                b.apiKey(apiKey);
            } else if (user != null) {
                int colon = user.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("--user takes USER:PASSWORD");
                }
                b.usernameAndPassword(user.substring(0, colon), user.substring(colon + 1));
            }
            return b;
        });
    }
}
