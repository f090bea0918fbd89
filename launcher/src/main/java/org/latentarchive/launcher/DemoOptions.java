package org.latentarchive.launcher;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code ./latent-archive demo} was asked for. Without {@code --collection} it harvests SMK Open's
 * public-domain works (a few hundred by default). Its folders default to the project's own ({@code data/},
 * {@code models/}), wherever the command is run from; a path given on the command line is read from the folder
 * the user is in.
 */
final class DemoOptions {

    /** The project folder the script runs from; without it (a test, an IDE) the current folder. */
    static final String HOME = "${sys:latent-archive.home:-.}";

    @Option(names = "--collection", paramLabel = "DIR",
        description = "index a local collection (images + metadata), e.g. ../shared/collections/aic-paintings")
    Path collection;

    @Option(names = "--smk-limit", paramLabel = "N", defaultValue = "300",
        description = "without --collection: how many public-domain SMK Open works to harvest (default ${DEFAULT-VALUE})")
    int smkLimit;

    @Option(names = "--smk-url", paramLabel = "URL", defaultValue = "https://api.smk.dk/api/v1/",
        description = "the SMK Open API (default ${DEFAULT-VALUE})")
    String smkUrl;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = HOME + "/data",
        description = "where the node keeps its data between runs (default: the project's data/)")
    Path data;

    @Option(names = "--models", paramLabel = "DIR", defaultValue = HOME + "/models",
        description = "where tuned models are saved (default: the project's models/)")
    Path models;

    @Option(names = "--accounts", paramLabel = "FILE",
        description = "the curator accounts (default: curators in the data folder, made with one account on the first run)")
    Path accounts;

    Path accounts() {
        return accounts != null ? accounts : data.resolve("curators");
    }

    @Option(names = "--dist", paramLabel = "DIR", defaultValue = HOME + "/devnode/target/devnode", hidden = true,
        description = "the development node's build")
    Path dist;

    @Option(names = "--es-port", paramLabel = "N", defaultValue = "9200",
        description = "the node's HTTP port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int elasticsearchPort;

    @Option(names = "--es-url", paramLabel = "URL",
        description = "use the Elasticsearch cluster at URL instead of starting a node, e.g. http://127.0.0.1:9200 of ./latent-archive cluster")
    String esUrl;

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070",
        description = "the explorer's port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int explorerPort;

    @Option(names = "--no-index", description = "serve the index as it is, without running the indexer")
    boolean skipIndexing;

    Optional<Path> collection() {
        return Optional.ofNullable(collection);
    }

    /** Values picocli's types cannot check; one line naming the option when one is out of range. */
    void validate() {
        range("--smk-limit", smkLimit, 1, 100_000);
        range("--es-port", elasticsearchPort, 0, 65535);
        range("--port", explorerPort, 0, 65535);
    }

    private static void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max + ", not " + value);
        }
    }
}
