package org.latentarchive.devnode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} pairs for {@link DevNodeMain}; every required option must be present. */
final class DevNodeOptions {

    private static final List<String> REQUIRED = List.of("home", "data", "port", "plugin-zip", "netty-dir");

    private DevNodeOptions() {}

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        for (String name : REQUIRED) {
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("missing option --" + name);
            }
        }
        return options;
    }
}
