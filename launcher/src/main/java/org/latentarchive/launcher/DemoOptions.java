package org.latentarchive.launcher;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code ./latent-archive demo} was asked for. Without {@code --collection} it harvests SMK Open's
 * public-domain works (a few hundred by default).
 */
record DemoOptions(Optional<Path> collection, int smkLimit, String smkUrl, Path data, Path dist, int elasticsearchPort, int explorerPort,
                   boolean skipIndexing) {

    static final String USAGE = """
        usage: ./latent-archive demo [--collection DIR] [--smk-limit N] [--data DIR] [--es-port 9200] [--port 7070] [--no-index]
          --collection DIR  index a local collection (images + metadata), e.g. ../shared/collections/aic-paintings
          --smk-limit N     without --collection: how many public-domain SMK Open works to harvest (default 300)
          --smk-url URL     the SMK Open API (default https://api.smk.dk/api/v1/)
          --data DIR        where the node keeps its data between runs (default ./data)
          --es-port N       the node's HTTP port (default 9200; 0 = any free port)
          --port N          the explorer's port (default 7070; 0 = any free port)
          --no-index        serve the index as it is, without running the indexer""";

    static DemoOptions parse(String[] args) {
        Optional<Path> collection = Optional.empty();
        int smkLimit = 300;
        String smkUrl = "https://api.smk.dk/api/v1/";
        Path data = Path.of("data");
        Path dist = Path.of("devnode/target/devnode");
        int esPort = 9200;
        int port = 7070;
        boolean skip = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--no-index" -> skip = true;
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option " + arg + " needs a value\n" + USAGE);
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--collection" -> collection = Optional.of(Path.of(value));
                        case "--smk-limit" -> smkLimit = number(arg, value, 1, 100_000);
                        case "--smk-url" -> smkUrl = value;
                        case "--data" -> data = Path.of(value);
                        case "--dist" -> dist = Path.of(value);
                        case "--es-port" -> esPort = number(arg, value, 0, 65535);
                        case "--port" -> port = number(arg, value, 0, 65535);
                        default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                }
            }
        }
        return new DemoOptions(collection, smkLimit, smkUrl, data, dist, esPort, port, skip);
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max + ", not '" + value + "'");
    }
}
