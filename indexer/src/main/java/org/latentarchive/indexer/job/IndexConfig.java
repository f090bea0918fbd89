package org.latentarchive.indexer.job;

import org.latentarchive.index.ArtworksIndex;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.index.EsConfig;
import org.latentarchive.indexer.source.ArtworkSource;

import java.io.PrintStream;
import java.time.Duration;

/**
 * What an indexing run does: read {@code source}, embed with {@code model}, write into {@code index} at {@code es}.
 *
 * @param batchSize     images per inference call
 * @param decodeThreads threads reading, hashing, decoding and resizing images (in parallel with inference)
 * @param modelThreads  ONNX Runtime's intra-op threads (0 = one per core)
 * @param limit         index at most this many artworks (0 = all), for trials
 * @param progressEvery how often a progress line is printed
 * @param prune         after a complete harvest, delete this source's artworks that the source no longer lists
 *                      (withdrawn works); never with a {@code limit}, which harvests only part of the source
 * @param partition     the slice of the source's records this run indexes (and, with {@code prune}, prunes);
 *                      {@link Partition#ALL} for all of them
 */
public record IndexConfig(
    ArtworkSource source,
    EsConfig es,
    String index,
    ImageModel model,
    boolean gpu,
    int batchSize,
    int decodeThreads,
    int modelThreads,
    int limit,
    Duration progressEvery,
    PrintStream log,
    boolean prune,
    Partition partition) {

    public IndexConfig {
        if (batchSize < 1 || decodeThreads < 1 || modelThreads < 0 || limit < 0) {
            throw new IllegalArgumentException("batch size and decode threads must be positive, model threads and limit >= 0");
        }
        if (prune && limit > 0) {
            throw new IllegalArgumentException("pruning needs the whole source: it cannot be combined with a limit");
        }
        java.util.Objects.requireNonNull(partition, "partition");
    }

    /** Defaults that keep both cores of a small machine busy: two decoding threads feeding one inference thread. */
    public static IndexConfig defaults(ArtworkSource source, EsConfig es, ImageModel model, PrintStream log) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new IndexConfig(source, es, ArtworksIndex.DEFAULT_NAME, model, false, 16, Math.max(1, cores), 0, 0, Duration.ofSeconds(2), log, false, Partition.ALL);
    }

    public IndexConfig withIndex(String name) {
        return new IndexConfig(source, es, name, model, gpu, batchSize, decodeThreads, modelThreads, limit, progressEvery, log, prune, partition);
    }

    public IndexConfig withLimit(int max) {
        return new IndexConfig(source, es, index, model, gpu, batchSize, decodeThreads, modelThreads, max, progressEvery, log, prune, partition);
    }

    public IndexConfig withPrune(boolean on) {
        return new IndexConfig(source, es, index, model, gpu, batchSize, decodeThreads, modelThreads, limit, progressEvery, log, on, partition);
    }

    public IndexConfig withPartition(Partition slice) {
        return new IndexConfig(source, es, index, model, gpu, batchSize, decodeThreads, modelThreads, limit, progressEvery, log, prune, slice);
    }
}
