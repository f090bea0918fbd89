package org.latentarchive.explorer;

import org.latentarchive.explorer.access.CuratorAccounts;
import org.latentarchive.index.EsOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./latent-archive explorer}: the explorer alone against any cluster. Every option has an environment
 * variable LATENT_ARCHIVE_&lt;OPTION&gt; (the compose file sets them); an option on the command line wins.
 */
@Command(name = "explorer", mixinStandardHelpOptions = true, version = "Latent Archive explorer 0.1",
    description = "Serves the explorer (search, neighbours, walks, maps, the curator loop) over an artworks index.")
public final class ExplorerCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "${env:LATENT_ARCHIVE_HOST:-127.0.0.1}",
        description = "address to listen on (env LATENT_ARCHIVE_HOST; default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "${env:LATENT_ARCHIVE_PORT:-7070}",
        description = "port to listen on, 0 for any free one (env LATENT_ARCHIVE_PORT; default ${DEFAULT-VALUE})")
    int port;

    @Mixin
    EsOptions es;

    @Option(names = "--index", defaultValue = "${env:LATENT_ARCHIVE_INDEX:-" + ExplorerConfig.DEFAULT_INDEX + "}",
        description = "artworks index (env LATENT_ARCHIVE_INDEX; default ${DEFAULT-VALUE})")
    String index;

    @Option(names = "--model", defaultValue = "${env:LATENT_ARCHIVE_MODEL:-" + ExplorerConfig.DEFAULT_MODEL + "}",
        description = "the vector space shown first (env LATENT_ARCHIVE_MODEL; default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--image-root", defaultValue = "${env:LATENT_ARCHIVE_IMAGE_ROOT:-.}",
        description = "folder the indexer's local image paths are relative to (env LATENT_ARCHIVE_IMAGE_ROOT; default the current folder)")
    Path imageRoot;

    @Option(names = "--models", defaultValue = "${env:LATENT_ARCHIVE_MODELS:-models}",
        description = "folder of tuned models, shared with the curator's commands (env LATENT_ARCHIVE_MODELS; default ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--cache", defaultValue = "${env:LATENT_ARCHIVE_CACHE:-data/explorer}",
        description = "the explorer's own data: the map's thumbnail atlases, at most 1 GiB (env LATENT_ARCHIVE_CACHE; default ${DEFAULT-VALUE})")
    Path cache;

    @Option(names = "--accounts", paramLabel = "FILE", defaultValue = "${env:LATENT_ARCHIVE_ACCOUNTS}",
        description = "curator accounts, name:bcrypt-hash lines made by ./latent-archive curator-account (env LATENT_ARCHIVE_ACCOUNTS)")
    Path accounts;

    @Option(names = "--curator", paramLabel = "NAME:HASH", defaultValue = "${env:LATENT_ARCHIVE_CURATOR}",
        description = "one more curator account, as a name:bcrypt-hash line (env LATENT_ARCHIVE_CURATOR)")
    String curator;

    @Option(names = "--read-only", defaultValue = "${env:LATENT_ARCHIVE_READ_ONLY:-false}",
        description = "serve the public routes only: no sign-in, annotation or training (env LATENT_ARCHIVE_READ_ONLY)")
    boolean readOnly;

    @Option(names = "--rate-limits", arity = "1", paramLabel = "true|false", defaultValue = "${env:LATENT_ARCHIVE_RATE_LIMITS:-true}",
        description = "limit each client's requests to the expensive public routes (env LATENT_ARCHIVE_RATE_LIMITS; default ${DEFAULT-VALUE})")
    boolean rateLimits;

    /** The configuration these options describe; a bad value ends in an {@link IllegalArgumentException}. */
    ExplorerConfig config() throws IOException {
        CuratorAccounts curators = readOnly ? CuratorAccounts.none()
            : CuratorAccounts.load(Optional.ofNullable(accounts), Optional.ofNullable(curator));
        return new ExplorerConfig(host, port, es.config(), index, model, imageRoot.toAbsolutePath(), models,
            new ExplorerConfig.AccessConfig(curators, readOnly, rateLimits), cache.toAbsolutePath());
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        ExplorerConfig config = config();
        ExplorerApp explorer = ExplorerApp.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            explorer.close();
            stopped.countDown();
        }, "explorer-stop"));
        System.out.println("Latent Archive explorer on http://" + config.host() + ":" + explorer.port()
            + " (Elasticsearch " + config.es() + ", index " + config.index() + ", "
            + (config.access().readOnly() ? "read-only" : config.access().accounts().size() + " curator accounts") + ")");
        stopped.await();
        return 0;
    }

    /** Parses and runs; a bad option or value ends in one line naming it and exit code 2, {@code --help} in 0. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new ExplorerCommand());
        commandLine.setParameterExceptionHandler(ExplorerCommand::badOption);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("explorer: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return commandLine.execute(args);
    }

    /**
     * A bad option or value ends in one line naming it, on standard error, and exit code 2; {@code --help} shows the
     * rest. The demo and the load check answer the same way.
     */
    public static int badOption(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage() + " (--help lists the options)");
        return 2;
    }

    public static void main(String[] args) {
        int code = execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
