package org.latentarchive.indexer.curator.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import org.latentarchive.indexer.cli.EsOptions;
import org.latentarchive.indexer.curator.ArtworkVectors;
import org.latentarchive.indexer.es.EsClients;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the artworks index lives: the indexer's own connection options, plus the index. */
public final class ConnectionOptions {

    @Mixin
    EsOptions es;

    @Option(names = "--index", defaultValue = ArtworkVectors.INDEX, description = "artworks index (default: ${DEFAULT-VALUE})")
    String index;

    ElasticsearchClient connect() throws IOException {
        return EsClients.connect(es.config());
    }
}
