package org.latentarchive.launcher;

import org.latentarchive.explorer.ExplorerCommand;
import picocli.CommandLine;

/** How the launcher's own commands (demo, cluster, bench-cluster) run from their main methods. */
final class LauncherCommands {

    private LauncherCommands() {
    }

    /**
     * Runs {@code command} on {@code args}; an error ends in one line ({@code name: message}) and exit code 2 for a
     * bad option value, 1 otherwise. A command that returns 0 leaves the JVM to end by itself (a server's threads).
     */
    static void run(String name, Object command, String[] args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setParameterExceptionHandler(ExplorerCommand::badOption);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        int code = commandLine.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
