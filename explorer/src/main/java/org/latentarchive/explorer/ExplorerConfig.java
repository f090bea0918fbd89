package org.latentarchive.explorer;

import org.latentarchive.explorer.access.CuratorAccounts;
import org.latentarchive.index.ArtworksIndex;
import org.latentarchive.index.EsConfig;

import java.nio.file.Path;

/**
 * Where the explorer listens and which Elasticsearch it reads. {@link ExplorerCommand} fills it from the command
 * line and the LATENT_ARCHIVE_* environment variables; the demo and the tests build it directly.
 */
public record ExplorerConfig(
    String host,
    int port,
    EsConfig es,
    String index,
    String model,
    Path imageRoot,
    Path models,
    AccessConfig access,
    Path cache) {

    /**
     * Who may write: the curator accounts, whether curator routes exist at all ({@code readOnly}: a public mirror
     * without them), and whether expensive public routes are rate-limited per client.
     */
    public record AccessConfig(CuratorAccounts accounts, boolean readOnly, boolean rateLimits) {

        /** Public routes only, rate-limited: what a museum puts in front of its visitors. */
        public static AccessConfig publicOnly() {
            return new AccessConfig(CuratorAccounts.none(), true, true);
        }
    }

    public static final String DEFAULT_INDEX = ArtworksIndex.DEFAULT_NAME;
    public static final String DEFAULT_MODEL = ArtworksIndex.DEFAULT_SPACE;
    /** Where tuned models are saved and read: the curator's train command uses the same folder by default. */
    public static final Path DEFAULT_MODELS = Path.of("models");
    /** The explorer's own data: the map's thumbnail atlases, kept between runs (bounded). */
    public static final Path DEFAULT_CACHE = Path.of("data", "explorer");

    /** Without a cache folder of its own: {@link #DEFAULT_CACHE} under the current folder. */
    public ExplorerConfig(String host, int port, EsConfig es, String index, String model, Path imageRoot, Path models,
                          AccessConfig access) {
        this(host, port, es, index, model, imageRoot, models, access, DEFAULT_CACHE.toAbsolutePath());
    }

    public ExplorerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (!model.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("a model name is letters, digits and underscores: " + model);
        }
    }

    /** The dense_vector field of the chosen model, as the indexer names it. */
    public String vectorField() {
        return ArtworksIndex.vectorField(model);
    }

    public ExplorerConfig withPort(int newPort) {
        return new ExplorerConfig(host, newPort, es, index, model, imageRoot, models, access, cache);
    }

    public ExplorerConfig withModels(Path folder) {
        return new ExplorerConfig(host, port, es, index, model, imageRoot, folder, access, cache);
    }

    public ExplorerConfig withAccess(AccessConfig newAccess) {
        return new ExplorerConfig(host, port, es, index, model, imageRoot, models, newAccess, cache);
    }

    public ExplorerConfig withCache(Path folder) {
        return new ExplorerConfig(host, port, es, index, model, imageRoot, models, access, folder);
    }

    /** On this machine for one user (the demo, the tests): no rate limits, curator routes, no accounts yet. */
    public static ExplorerConfig local(String elasticsearchUrl, int port) {
        return new ExplorerConfig("127.0.0.1", port, EsConfig.of(elasticsearchUrl), DEFAULT_INDEX, DEFAULT_MODEL,
            Path.of("").toAbsolutePath(), DEFAULT_MODELS, new AccessConfig(CuratorAccounts.none(), false, false),
            Path.of(System.getProperty("java.io.tmpdir"), "latent-archive-explorer"));
    }
}
