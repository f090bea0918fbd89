package org.latentarchive.launcher;

import org.latentarchive.explorer.ExplorerCommand;

import org.latentarchive.devnode.DevNode;
import org.latentarchive.explorer.ExplorerApp;
import org.latentarchive.explorer.ExplorerConfig;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.index.EsConfig;
import org.latentarchive.indexer.job.IndexConfig;
import org.latentarchive.indexer.job.IndexJob;
import org.latentarchive.indexer.job.IndexSummary;
import org.latentarchive.embed.model.NsfwjsModel;
import okhttp3.OkHttpClient;
import org.latentarchive.indexer.source.ArtworkSource;
import org.latentarchive.indexer.source.ImageFetcher;
import org.latentarchive.indexer.source.LocalCollectionSource;
import org.latentarchive.indexer.source.RetryPolicy;
import org.latentarchive.indexer.source.SmkClient;
import org.latentarchive.indexer.source.SmkSource;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.latentarchive.explorer.access.AccountCommand;
import org.latentarchive.explorer.access.CuratorAccounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./latent-archive demo}: starts the development node (data under ./data, kept between runs), or uses a running
 * cluster given by {@code --es-url} (such as {@code ./latent-archive cluster}), brings the
 * index up to date with the indexer (in this JVM; it embeds only artworks whose image or model changed, so a second
 * run re-embeds nothing), starts the explorer, prints its URL and runs until Ctrl-C, which stops the explorer and
 * then the node.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, version = "Latent Archive demo 0.1",
    description = "Starts Elasticsearch with the plugin, brings the artworks index up to date and serves the explorer.")
public final class Demo implements Callable<Integer> {

    /** The line a script (or the demo test) waits for; the URL follows it. */
    public static final String READY = "Latent Archive explorer: ";

    @Mixin
    DemoOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate();
        run(options);
        return 0;
    }

    public static void main(String[] args) {
        LauncherCommands.run("demo", new Demo(), args);
    }

    static void run(DemoOptions options) throws Exception {
        PrintStream out = System.out;
        Path data = options.data.toAbsolutePath();
        DevNode node = null;
        PrintStream log = null;
        String url = options.esUrl;
        if (url == null) {
            Path nodeLog = Files.createDirectories(data).resolve("elasticsearch.log");
            out.println("demo: starting Elasticsearch 9.5.3 with the Latent Archive plugin (data in " + data.resolve("elasticsearch")
                + ", log " + nodeLog + ")");
            log = new PrintStream(Files.newOutputStream(nodeLog), true, StandardCharsets.UTF_8);
            node = DevNode.start(options.dist, data.resolve("elasticsearch-home"), data.resolve("elasticsearch"),
                options.elasticsearchPort, log, Duration.ofMinutes(3));
            url = node.url();
        }
        DevNode started = node;
        PrintStream startedLog = log;
        CountDownLatch stopped = new CountDownLatch(1);
        ExplorerApp[] explorer = new ExplorerApp[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("demo: stopping");
            if (explorer[0] != null) {
                explorer[0].close();
            }
            if (started != null) {
                started.close();
                startedLog.close();
            }
            stopped.countDown();
        }, "demo-stop"));
        out.println("demo: Elasticsearch on " + url + (node == null ? " (a running cluster; the demo leaves it running)" : ""));

        if (!options.skipIndexing) {
            IndexSummary summary = index(options, url, out);
            out.println("demo: index up to date: " + summary.describe().lines().findFirst().orElse(""));
        }
        Path imageRoot = options.collection().map(Path::toAbsolutePath).orElse(Path.of("").toAbsolutePath());
        ExplorerConfig local = ExplorerConfig.local(url, options.explorerPort);
        // on this machine for one user: curator routes with the demo's accounts, no rate limits
        ExplorerConfig config = new ExplorerConfig(local.host(), local.port(), local.es(), local.index(), local.model(),
            imageRoot, options.models.toAbsolutePath(),
            new ExplorerConfig.AccessConfig(demoAccounts(options.accounts(), out), false, false),
            options.data.toAbsolutePath().resolve("explorer"));
        explorer[0] = ExplorerApp.start(config);
        out.println(READY + "http://127.0.0.1:" + explorer[0].port() + "   (Ctrl-C stops everything)");
        stopped.await();
    }

    /**
     * The demo's curator accounts; on the first run one account, "curator", with a random password that is shown
     * once (only its hash is kept), as Elasticsearch shows its first password.
     */
    private static CuratorAccounts demoAccounts(Path file, PrintStream out) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
            AccountCommand.write(file, "curator", "curator:" + CuratorAccounts.hash(password, CuratorAccounts.COST));
            out.println("demo: curators sign in as 'curator' with password " + new String(password)
                + " (shown once; ./latent-archive curator-account curator --accounts " + file + " sets another)");
        }
        return CuratorAccounts.load(Optional.of(file), Optional.empty());
    }

    private static IndexSummary index(DemoOptions options, String url, PrintStream out) throws Exception {
        Path modelCache = NsfwjsModel.defaultCacheDir();
        ImageModel model = ImageModel.mobilenetV2(modelCache, out);
        try (ArtworkSource source = options.collection().isPresent()
            ? LocalCollectionSource.of(options.collection().get())
            : smk(options.smkUrl, modelCache.toAbsolutePath().getParent().resolve("images"), out)) {
            IndexConfig config = IndexConfig.defaults(source, EsConfig.of(url), model, out);
            if (options.collection().isEmpty()) {
                config = config.withLimit(options.smkLimit);
            }
            return IndexJob.run(config);
        }
    }

    /** SMK Open's public-domain works with images, fetched politely into the indexer's image cache. */
    private static ArtworkSource smk(String url, Path imageCache, PrintStream out) {
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(15))
            .readTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofSeconds(120)).build();
        ImageFetcher images = new ImageFetcher(http, imageCache, 50L << 20, Duration.ofSeconds(60), 4, RetryPolicy.polite());
        return new SmkSource(new SmkClient(http, url, RetryPolicy.polite()), images, "*",
            SmkSource.filters(List.of(), true), List.of(), 500, out);
    }
}
