package org.latentarchive.curator.cli;

import picocli.CommandLine;

/** The one entry the indexer's command line needs: {@code CuratorCommands.register(commandLine)}. */
public final class CuratorCommands {

    private CuratorCommands() {
    }

    /** Adds train, evaluate, apply, stack and layout. */
    public static CommandLine register(CommandLine commandLine) {
        return commandLine.addSubcommand(new TrainCommand()).addSubcommand(new EvaluateCommand())
            .addSubcommand(new ApplyCommand()).addSubcommand(new StackCommand())
            .addSubcommand(new LayoutCommand());
    }
}
