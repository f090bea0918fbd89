package org.latentarchive.indexer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The indexer's command line: {@code index}, {@code embed}, {@code import-model}. */
@Command(name = "latent-archive-indexer", mixinStandardHelpOptions = true, version = "Latent Archive indexer 0.1",
    description = "Harvests a collection, embeds its images and writes them into Elasticsearch.",
    subcommands = {IndexCommand.class, EmbedCommand.class, ImportModelCommand.class, CommandLine.HelpCommand.class})
public final class IndexerCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code: errors end with one clear line, not a stack trace. */
    public static int execute(String... args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        return commandLine().execute(args);
    }

    /**
     * The indexer's commands with their error handling, for {@link #execute} and for a command line that gathers
     * them with others (the launcher's).
     */
    public static CommandLine commandLine() {
        return new CommandLine(new IndexerCli())
            .setParameterExceptionHandler((e, args) -> {
                // One line naming the problem; the usage is one --help away.
                CommandLine cmd = e.getCommandLine();
                cmd.getErr().println("error: " + e.getMessage() + " (" + cmd.getCommandName() + " --help lists the options)");
                return cmd.getCommandSpec().exitCodeOnInvalidInput();
            })
            .setExecutionExceptionHandler((e, cmd, parsed) -> {
                cmd.getErr().println("error: " + message(e));
                if (Boolean.getBoolean("latent.archive.debug")) {
                    e.printStackTrace(cmd.getErr());
                }
                return 1;
            });
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName() + (e.getCause() != null ? ": " + message(e.getCause()) : "");
        }
        return m;
    }
}
