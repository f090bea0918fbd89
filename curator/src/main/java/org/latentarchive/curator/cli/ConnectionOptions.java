package org.latentarchive.curator.cli;

import org.latentarchive.index.ArtworksIndex;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import org.latentarchive.index.EsOptions;
import org.latentarchive.index.EsClients;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the artworks index lives: the indexer's own connection options, plus the index. */
public final class ConnectionOptions {

    @Mixin
    EsOptions es;

    @Option(names = "--index", defaultValue = ArtworksIndex.DEFAULT_NAME, description = "artworks index (default: ${DEFAULT-VALUE})")
    String index;

    ElasticsearchClient connect() throws IOException {
        return EsClients.connect(es.config());
    }
}
