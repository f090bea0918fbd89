package org.latentarchive.indexer.cli;

import org.latentarchive.index.EsOptions;
import org.latentarchive.index.ArtworksIndex;
import okhttp3.OkHttpClient;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.indexer.job.IndexConfig;
import org.latentarchive.indexer.job.IndexJob;
import org.latentarchive.indexer.job.IndexSummary;
import org.latentarchive.indexer.job.Partition;
import org.latentarchive.indexer.source.ArtworkSource;
import org.latentarchive.indexer.source.ColumnMapping;
import org.latentarchive.indexer.source.HarvestedSource;
import org.latentarchive.indexer.source.ImageFetcher;
import org.latentarchive.indexer.source.LocalCollectionSource;
import org.latentarchive.indexer.source.RetryPolicy;
import org.latentarchive.indexer.source.SmkClient;
import org.latentarchive.indexer.source.SmkSource;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Harvests a collection, embeds its images and writes them into Elasticsearch; resumable and idempotent. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Index a local collection (--local DIR) or SMK Open (--smk) into Elasticsearch.")
final class IndexCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--local", paramLabel = "DIR", description = "a folder of images with a metadata file (JSON, JSON Lines or CSV)")
        Path local;

        @Option(names = "--smk", description = "the SMK Open API")
        boolean smk;
    }

    @Option(names = "--metadata", description = "local: the metadata file (default: metadata.json/.csv in DIR)")
    Path metadata;

    @Option(names = "--map", paramLabel = "FIELD=COLUMN", description = "local: which column fills an artwork field, e.g. title=Titel")
    List<String> mappings = new ArrayList<>();

    @Option(names = "--list-separator", defaultValue = ";", description = "local: separator of multi-valued columns (default ${DEFAULT-VALUE})")
    String listSeparator;

    @Option(names = "--smk-url", defaultValue = SmkClient.DEFAULT_BASE_URL, description = "SMK API base URL (default ${DEFAULT-VALUE})")
    String smkUrl;

    @Option(names = "--smk-keys", defaultValue = "*", description = "SMK search keys (default ${DEFAULT-VALUE})")
    String smkKeys;

    @Option(names = "--smk-filter", paramLabel = "FIELD:VALUE", description = "extra SMK filter, e.g. object_names:maleri")
    List<String> smkFilters = new ArrayList<>();

    @Option(names = "--smk-no-default-filters", description = "drop the default filters [has_image:true],[public_domain:true]")
    boolean noDefaultFilters;

    @Option(names = "--smk-object", paramLabel = "NUMBER", description = "index these object numbers only")
    List<String> smkObjects = new ArrayList<>();

    @Option(names = "--smk-rows", defaultValue = "2000", description = "SMK page size, at most 2000 (default ${DEFAULT-VALUE})")
    int smkRows;

    @Option(names = "--image-cache", description = "download cache (default: <model cache>/../images)")
    Path imageCache;

    @Option(names = "--max-image-mb", defaultValue = "50", description = "largest image downloaded, MB (default ${DEFAULT-VALUE})")
    long maxImageMb;

    @Option(names = "--image-timeout", defaultValue = "60", description = "seconds allowed per image download (default ${DEFAULT-VALUE})")
    long imageTimeout;

    @Option(names = "--downloads", defaultValue = "4", description = "concurrent image downloads (default ${DEFAULT-VALUE})")
    int downloads;

    @Option(names = "--index", defaultValue = ArtworksIndex.DEFAULT_NAME, description = "index name (default ${DEFAULT-VALUE})")
    String index;

    @Option(names = "--batch", defaultValue = "16", description = "images per inference batch (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--decode-threads", description = "threads reading and decoding images (default: one per core)")
    Integer decodeThreads;

    @Option(names = "--limit", defaultValue = "0", description = "index at most this many artworks (0 = all)")
    int limit;

    @Option(names = "--prune", description = "after a complete harvest, delete this source's artworks it no longer lists")
    boolean prune;

    @Option(names = "--partition", paramLabel = "i/N", converter = PartitionConverter.class,
        description = "index only the i-th of N disjoint slices of the source (by a hash of the object number), so that N indexers"
            + " share one harvest; --prune then prunes only this slice")
    Partition partition = Partition.ALL;

    @Mixin
    EsOptions es;

    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        List<ImageModel> models = modelOptions.models(System.err);
        int cores = Runtime.getRuntime().availableProcessors();
        // With several models the listing is harvested once; each model's run embeds only what lacks its vectors.
        try (ArtworkSource source = models.size() > 1 ? new HarvestedSource(source()) : source()) {
            int exit = 0;
            for (ImageModel model : models) {
                IndexConfig config = new IndexConfig(source, es.config(), index, model, modelOptions.gpu, batch,
                    decodeThreads != null ? decodeThreads : Math.max(1, cores), modelOptions.threads, limit, Duration.ofSeconds(2), System.out,
                    prune, partition);
                System.out.println("model " + model.name() + " (vectors." + model.name() + ", " + model.dims() + " dims)");
                IndexSummary summary = IndexJob.run(config);
                if (summary.harvested() > 0 && summary.indexed() == 0 && summary.skippedTotal() > 0) {
                    exit = 4;
                }
            }
            return exit;
        }
    }

    private ArtworkSource source() throws Exception {
        if (which.local != null) {
            return new LocalCollectionSource(which.local, metadata, ColumnMapping.parse(mappings), listSeparator);
        }
        OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(15)).readTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofSeconds(120)).build();
        Path cache = imageCache != null ? imageCache : modelOptions.cacheDir().toAbsolutePath().getParent().resolve("images");
        ImageFetcher fetcher = new ImageFetcher(http, cache, maxImageMb << 20, Duration.ofSeconds(imageTimeout), downloads, RetryPolicy.polite());
        return new SmkSource(new SmkClient(http, smkUrl, RetryPolicy.polite()), fetcher, smkKeys,
            SmkSource.filters(smkFilters, !noDefaultFilters), smkObjects, smkRows, System.out);
    }

    static final class PartitionConverter implements CommandLine.ITypeConverter<Partition> {
        @Override
        public Partition convert(String value) {
            try {
                return Partition.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
