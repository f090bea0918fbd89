package org.latentarchive.launcher;

import org.latentarchive.curator.cli.CuratorCommands;
import org.latentarchive.indexer.cli.IndexerCli;
import picocli.CommandLine;

/**
 * {@code ./latent-archive indexer COMMAND}: one command line gathering the indexer's commands (index, embed,
 * import-model) and the curator's (train, evaluate, apply, stack, layout), with the indexer's one-line error handling.
 */
public final class LatentArchiveCli {

    private LatentArchiveCli() {
    }

    public static int execute(String... args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        return CuratorCommands.register(IndexerCli.commandLine()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
