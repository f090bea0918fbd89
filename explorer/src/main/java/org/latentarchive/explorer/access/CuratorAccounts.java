package org.latentarchive.explorer.access;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The curator accounts the operator configured: a file of {@code name:bcrypt-hash} lines (made by
 * {@code ./latent-archive curator-account NAME}), and optionally one more account given as the same
 * {@code name:hash} pair in an environment variable. Only hashes are held; a password is never stored or logged.
 */
public final class CuratorAccounts {

    /** bcrypt's cost for new hashes: about a quarter of a second on one core here, far longer for a guesser. */
    public static final int COST = 12;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** Checked against when the name is unknown, so that an unknown name takes as long as a wrong password. */
    private static final byte[] DUMMY = BCrypt.withDefaults().hash(4, new byte[16], "not a password".getBytes(StandardCharsets.UTF_8));

    private final Map<String, byte[]> hashes;

    private CuratorAccounts(Map<String, byte[]> hashes) {
        this.hashes = Map.copyOf(hashes);
    }

    public static CuratorAccounts none() {
        return new CuratorAccounts(Map.of());
    }

    /** The accounts of a file (when given) and of one {@code name:hash} pair (when given). */
    public static CuratorAccounts load(Optional<Path> file, Optional<String> single) throws IOException {
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        if (file.isPresent()) {
            List<String> lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                add(hashes, line, file.get() + " line " + (i + 1));
            }
        }
        if (single.isPresent() && !single.get().isBlank()) {
            add(hashes, single.get().strip(), "the single curator account");
        }
        return new CuratorAccounts(hashes);
    }

    private static void add(Map<String, byte[]> hashes, String entry, String where) {
        int colon = entry.indexOf(':');
        String name = colon < 0 ? entry : entry.substring(0, colon);
        String hash = colon < 0 ? "" : entry.substring(colon + 1);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": a curator name is 1 to 64 letters, digits and . _ @ -");
        }
        if (!hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
            // never echo the value: it may be a password pasted by mistake
            throw new IllegalArgumentException(where + ": the account of '" + name + "' holds no bcrypt hash (make one with "
                + "./latent-archive curator-account " + name + ")");
        }
        hashes.put(name, hash.getBytes(StandardCharsets.US_ASCII));
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    public int size() {
        return hashes.size();
    }

    /** The curator's name when the password is theirs. */
    public Optional<String> verify(String name, char[] password) {
        byte[] hash = hashes.get(name);
        boolean verified = BCrypt.verifyer().verify(password, hash != null ? hash : DUMMY).verified;
        return hash != null && verified ? Optional.of(name) : Optional.empty();
    }

    /** A bcrypt hash of a password, for an accounts file. */
    public static String hash(char[] password, int cost) {
        return new String(BCrypt.withDefaults().hash(cost, password), StandardCharsets.US_ASCII);
    }

    /** A valid curator name, or the reason it is not one. */
    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a curator name is 1 to 64 letters, digits and . _ @ -");
        }
        return name;
    }
}
