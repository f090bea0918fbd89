package org.latentarchive.explorer.access;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./latent-archive curator-account NAME}: adds a curator to an accounts file, or gives one a new password.
 * The password is read twice from the terminal without echo (or, without a terminal, one line from standard input);
 * only its bcrypt hash is written, into a file only its owner may read.
 */
@Command(name = "curator-account", mixinStandardHelpOptions = true, version = "Latent Archive 0.1",
    description = "Adds a curator account (name and bcrypt hash of the password) to the explorer's accounts file.")
public final class AccountCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "the curator's name: letters, digits and . _ @ -")
    String name;

    @Option(names = "--accounts", paramLabel = "FILE", defaultValue = "${env:LATENT_ARCHIVE_ACCOUNTS:-curators}",
        description = "the accounts file (env LATENT_ARCHIVE_ACCOUNTS; default ${DEFAULT-VALUE})")
    Path accounts;

    @Option(names = "--delete", description = "remove the account instead")
    boolean delete;

    @Override
    public Integer call() throws IOException {
        CuratorAccounts.requireName(name);
        String line = null;
        if (!delete) {
            char[] password = readPassword();
            try {
                if (password.length < 10) {
                    System.err.println("curator-account: a password has at least 10 characters");
                    return 2;
                }
                line = name + ":" + CuratorAccounts.hash(password, CuratorAccounts.COST);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        boolean existed = write(accounts, name, line);
        System.out.println((delete ? (existed ? "removed " : "no account ") : existed ? "new password for " : "added ")
            + name + " in " + accounts.toAbsolutePath());
        return 0;
    }

    /** Writes the accounts file with {@code name}'s line replaced (or removed when null); whether it had one. */
    public static boolean write(Path file, String name, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of());
        boolean existed = lines.removeIf(l -> l.strip().startsWith(name + ":"));
        if (line != null) {
            lines.add(line);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, ".accounts", ".partial");
        try {
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // a file system without POSIX permissions: its own access rules apply
            }
            Files.write(partial, lines, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return existed;
    }

    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("password: ");
            char[] second = console.readPassword("again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            Arrays.fill(second, '\0');
            return first;
        }
        String read = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (read == null) {
            throw new IllegalArgumentException("no password on standard input");
        }
        return read.toCharArray();
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new AccountCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("curator-account: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        System.exit(commandLine.execute(args));
    }
}
