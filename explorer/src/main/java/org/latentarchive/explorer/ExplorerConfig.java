package org.latentarchive.explorer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the explorer listens and which Elasticsearch it reads. Every setting has a command-line option and an
 * environment variable (the compose file sets the variables), in that order of precedence.
 */
public record ExplorerConfig(
    String host,
    int port,
    String elasticsearchUrl,
    Optional<String> apiKey,
    Optional<String> username,
    Optional<String> password,
    Optional<Path> caCertificate,
    String index,
    String model,
    Path imageRoot,
    Path models) {

    public static final String DEFAULT_INDEX = "artworks";
    public static final String DEFAULT_MODEL = "mobilenet_v2";
    /** Where tuned models are saved and read: the indexer's train command uses the same folder by default. */
    public static final Path DEFAULT_MODELS = Path.of("models");

    public ExplorerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (!elasticsearchUrl.startsWith("http://") && !elasticsearchUrl.startsWith("https://")) {
            throw new IllegalArgumentException("the Elasticsearch URL must start with http:// or https://: " + elasticsearchUrl);
        }
        if (!model.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("a model name is letters, digits and underscores: " + model);
        }
        elasticsearchUrl = elasticsearchUrl.replaceAll("/+$", "");
    }

    /** The dense_vector field of the chosen model, as the indexer names it. */
    public String vectorField() {
        return "vectors." + model;
    }

    public ExplorerConfig withPort(int newPort) {
        return new ExplorerConfig(host, newPort, elasticsearchUrl, apiKey, username, password, caCertificate, index, model, imageRoot, models);
    }

    public ExplorerConfig withElasticsearch(String url) {
        return new ExplorerConfig(host, port, url, apiKey, username, password, caCertificate, index, model, imageRoot, models);
    }

    public ExplorerConfig withModels(Path folder) {
        return new ExplorerConfig(host, port, elasticsearchUrl, apiKey, username, password, caCertificate, index, model, imageRoot, folder);
    }

    public static ExplorerConfig local(String elasticsearchUrl, int port) {
        return new ExplorerConfig("127.0.0.1", port, elasticsearchUrl, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), DEFAULT_INDEX, DEFAULT_MODEL, Path.of("").toAbsolutePath(), DEFAULT_MODELS);
    }

    /** Reads {@code --name value} options, falling back to LATENT_ARCHIVE_* environment variables. */
    public static ExplorerConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            if (!OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + String.join(", ", OPTIONS.keySet()));
            }
            options.put(name, value);
        }
        java.util.function.Function<String, Optional<String>> get = name -> Optional.ofNullable(options.get(name))
            .or(() -> Optional.ofNullable(env.get(OPTIONS.get(name)))).filter(v -> !v.isBlank());
        return new ExplorerConfig(
            get.apply("host").orElse("127.0.0.1"),
            Integer.parseInt(get.apply("port").orElse("7070")),
            get.apply("es-url").orElse("http://127.0.0.1:9200"),
            get.apply("es-api-key"),
            get.apply("es-user"),
            get.apply("es-password"),
            get.apply("es-ca").map(Path::of),
            get.apply("index").orElse(DEFAULT_INDEX),
            get.apply("model").orElse(DEFAULT_MODEL),
            Path.of(get.apply("image-root").orElse("")).toAbsolutePath(),
            get.apply("models").map(Path::of).orElse(DEFAULT_MODELS));
    }

    /** Option name to environment variable. */
    public static final Map<String, String> OPTIONS = new java.util.TreeMap<>(Map.ofEntries(
        Map.entry("host", "LATENT_ARCHIVE_HOST"),
        Map.entry("port", "LATENT_ARCHIVE_PORT"),
        Map.entry("es-url", "LATENT_ARCHIVE_ES_URL"),
        Map.entry("es-api-key", "LATENT_ARCHIVE_ES_API_KEY"),
        Map.entry("es-user", "LATENT_ARCHIVE_ES_USER"),
        Map.entry("es-password", "LATENT_ARCHIVE_ES_PASSWORD"),
        Map.entry("es-ca", "LATENT_ARCHIVE_ES_CA"),
        Map.entry("index", "LATENT_ARCHIVE_INDEX"),
        Map.entry("model", "LATENT_ARCHIVE_MODEL"),
        Map.entry("image-root", "LATENT_ARCHIVE_IMAGE_ROOT"),
        Map.entry("models", "LATENT_ARCHIVE_MODELS")));
}
