package org.latentarchive.indexer.job;

import org.latentarchive.vectors.VectorMath;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import org.latentarchive.embed.Embedder;
import org.latentarchive.embed.ImageDecoder;
import org.latentarchive.embed.Preprocessing;
import org.latentarchive.embed.RgbImage;
import org.latentarchive.indexer.es.ArtworkIndex;
import org.latentarchive.index.EsClients;
import org.latentarchive.indexer.source.Artwork;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One indexing run: harvest the source, find out which artworks already have a current vector (same model, same
 * image hash), read and decode the others on {@code decodeThreads} threads while one thread runs batched inference,
 * and write everything through the bulk ingester. Every write is keyed by the object number, so a run that is killed
 * and started again ends with each artwork indexed exactly once, and embeds only what was not yet written.
 */
public final class IndexJob {

    private static final int MAX_EXAMPLES = 50;

    private final IndexConfig config;
    private final Embedder embedder;
    private final ImageDecoder decoder = new ImageDecoder();
    private final AtomicLong harvested = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong indexed = new AtomicLong();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    private final List<IndexSummary.Skip> examples = Collections.synchronizedList(new ArrayList<>());

    private IndexJob(IndexConfig config, Embedder embedder) {
        this.config = config;
        this.embedder = embedder;
    }

    /** Runs with a model of its own, closed at the end. */
    public static IndexSummary run(IndexConfig config) throws IOException {
        try (Embedder embedder = Embedder.open(config.model(), config.modelThreads(), config.gpu())) {
            return run(config, embedder);
        }
    }

    /** Runs with a model the caller owns (e.g. a demo that also embeds queries). */
    public static IndexSummary run(IndexConfig config, Embedder embedder) throws IOException {
        return new IndexJob(config, embedder).run();
    }

    private IndexSummary run() throws IOException {
        long start = System.nanoTime();
        var log = config.log();
        List<Artwork> artworks = new ArrayList<>();
        log.println("harvesting " + config.source().name());
        Set<String> listed = new HashSet<>();
        Partition partition = config.partition();
        config.source().harvest(a -> {
            if (!partition.owns(a.objectNumber())) {
                return;
            }
            if (config.limit() == 0 || artworks.size() < config.limit()) {
                artworks.add(a);
            }
            listed.add(a.objectNumber());
            harvested.incrementAndGet();
        }, (what, reason) -> {
            // a record the source still lists but cannot read now is not withdrawn: pruning keeps it; each is
            // reported by the one partition its id (or position) falls into
            if (!partition.owns(what)) {
                return;
            }
            listed.add(what);
            skip(what, reason);
        });
        log.println("harvested " + harvested.get() + " artworks" + (partition.count() > 1 ? " of partition " + partition : "") + (config.limit() > 0 ? " (indexing at most " + config.limit() + ")" : ""));

        ElasticsearchClient client = EsClients.connect(config.es());
        try {
            ArtworkIndex index = new ArtworkIndex(client, config.index());
            String model = config.model().name();
            index.ensure(model, config.model().dims());
            Map<String, String> current = index.embeddedTags(model);
            log.println("index " + config.index() + " at " + config.es() + " holds " + current.size() + " documents");

            long embedStart = System.nanoTime();
            try (BulkIngester<String> ingester = BulkIngester.of(b -> b.client(client).maxOperations(200)
                     .maxSize(20L << 20).maxConcurrentRequests(1).flushInterval(1, TimeUnit.SECONDS).listener(new Listener()));
                 Progress ignored = new Progress("indexing", artworks.size(), log, config.progressEvery(), processed::get, embedded::get)) {
                embedAll(artworks, current, index.name(), ingester);
            }
            double embedSeconds = (System.nanoTime() - embedStart) / 1e9;
            index.refresh();
            long removed = config.prune() ? prune(index, listed) : 0;
            IndexSummary summary = new IndexSummary(harvested.get(), config.source().downloaded(), embedded.get(), unchanged.get(),
                indexed.get(), removed, skippedCounts(), List.copyOf(examples), (System.nanoTime() - start) / 1e9, embedSeconds);
            log.println(summary.describe());
            return summary;
        } finally {
            client._transport().close();
        }
    }

    /**
     * Deletes the source's documents whose object number the harvest did not list: works the museum withdrew. A
     * harvest that listed nothing deletes nothing (an empty answer is more likely an outage than an empty museum).
     * With a partition, only documents of its own slice are considered: the slice is a function of the object number
     * alone, so a withdrawn work is pruned by exactly the one indexer whose slice it was in, and never by another.
     */
    private long prune(ArtworkIndex index, Set<String> listed) throws IOException {
        if (listed.isEmpty()) {
            config.log().println("pruning skipped: the harvest listed no artwork");
            return 0;
        }
        List<String> gone = index.idsOfSource(config.source().name()).stream()
            .filter(id -> config.partition().owns(id) && !listed.contains(id)).toList();
        index.delete(gone);
        config.log().println("pruned " + gone.size() + " artworks " + config.source().name() + " no longer lists"
            + (gone.isEmpty() ? "" : ", e.g. " + String.join(", ", gone.subList(0, Math.min(5, gone.size())))));
        return gone.size();
    }

    /** An image ready for inference. */
    private record Prepared(Artwork artwork, ArtworkIndex.ImageFacts facts, float[] tensor) {
    }

    private static final Prepared END = new Prepared(null, null, null);

    private void embedAll(List<Artwork> artworks, Map<String, String> current, String indexName, BulkIngester<String> ingester)
        throws IOException {
        int queued = config.batchSize() * 2;
        BlockingQueue<Prepared> ready = new ArrayBlockingQueue<>(queued + 1);
        // Bounds what is decoded but not yet embedded, so memory stays flat on any collection size.
        Semaphore budget = new Semaphore(queued);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread inference = Thread.ofPlatform().name("inference").start(() -> {
            try {
                infer(ready, budget, indexName, ingester);
            } catch (Throwable t) {
                failure.set(t);
                budget.release(Integer.MAX_VALUE / 2);
            }
        });
        ExecutorService decoders = Executors.newFixedThreadPool(config.decodeThreads(),
            Thread.ofPlatform().name("decode-", 0).daemon().factory());
        try {
            for (Artwork artwork : artworks) {
                budget.acquireUninterruptibly();
                if (failure.get() != null) {
                    break;
                }
                decoders.submit(() -> prepare(artwork, current.get(artwork.objectNumber()), ready, budget, indexName, ingester));
            }
        } finally {
            decoders.shutdown();
            try {
                decoders.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
                ready.put(END);
                inference.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                decoders.shutdownNow();
                inference.interrupt();
            }
        }
        if (failure.get() != null) {
            throw new IOException("embedding failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /** On a decoding thread: read, hash, and either refresh the metadata (vector current) or decode for inference. */
    private void prepare(Artwork artwork, String currentTag, BlockingQueue<Prepared> ready, Semaphore budget, String indexName,
                         BulkIngester<String> ingester) {
        boolean queuedForInference = false;
        try {
            if (artwork.image() == null) {
                skip(artwork.objectNumber(), "no image");
                return;
            }
            byte[] bytes;
            try {
                bytes = config.source().image(artwork);
            } catch (IOException e) {
                skip(artwork.objectNumber(), "image unavailable: " + e.getMessage());
                return;
            }
            String sha256 = sha256(bytes);
            String tag = tag(sha256);
            if (tag.equals(currentTag)) {
                ingester.add(op -> op.update(u -> u.index(indexName).id(artwork.objectNumber())
                    .action(a -> a.doc(ArtworkIndex.metadata(artwork)))), artwork.objectNumber());
                unchanged.incrementAndGet();
                return;
            }
            RgbImage image;
            try {
                image = decoder.decode(bytes);
            } catch (IOException | OutOfMemoryError e) {
                skip(artwork.objectNumber(), "unreadable image: " + e.getMessage());
                return;
            }
            Preprocessing p = config.model().preprocessing();
            float[] tensor = new float[p.tensorLength()];
            p.apply(image, tensor, 0);
            ready.put(new Prepared(artwork, new ArtworkIndex.ImageFacts(sha256, image.width(), image.height()), tensor));
            queuedForInference = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            skip(artwork.objectNumber(), "failed: " + e);
        } finally {
            if (!queuedForInference) {
                processed.incrementAndGet();
                budget.release();
            }
        }
    }

    /** On the inference thread: batches of prepared images through the model, then into the bulk ingester. */
    private void infer(BlockingQueue<Prepared> ready, Semaphore budget, String indexName, BulkIngester<String> ingester)
        throws InterruptedException {
        Preprocessing p = config.model().preprocessing();
        int length = p.tensorLength();
        float[] batch = new float[config.batchSize() * length];
        List<Prepared> items = new ArrayList<>(config.batchSize());
        String model = config.model().name();
        boolean end = false;
        while (!end) {
            Prepared first = ready.take();
            if (first == END) {
                break;
            }
            items.clear();
            items.add(first);
            while (items.size() < config.batchSize()) {
                // Take what is ready, waiting a moment for a full batch, but never stall on a slow decoder.
                Prepared next = ready.poll(items.size() < config.batchSize() / 2 ? 20 : 2, TimeUnit.MILLISECONDS);
                if (next == null) {
                    break;
                }
                if (next == END) {
                    end = true;
                    break;
                }
                items.add(next);
            }
            for (int i = 0; i < items.size(); i++) {
                System.arraycopy(items.get(i).tensor(), 0, batch, i * length, length);
            }
            float[][] vectors = embedder.embed(batch, items.size());
            for (int i = 0; i < items.size(); i++) {
                Prepared item = items.get(i);
                Artwork artwork = item.artwork();
                if (!VectorMath.hasDirection(vectors[i])) {
                    skip(artwork.objectNumber(), "the model gave an unusable vector (zero or not finite)");
                } else {
                    embedded.incrementAndGet();
                    var doc = ArtworkIndex.document(artwork, item.facts(), model, vectors[i], tag(item.facts().sha256()));
                    // A partial update: the document's other spaces (a second backbone, tuned or stacked vectors) stay.
                    ingester.add(op -> op.update(u -> u.index(indexName).id(artwork.objectNumber())
                        .action(a -> a.doc(doc).docAsUpsert(true))), artwork.objectNumber());
                }
                processed.incrementAndGet();
                budget.release();
            }
        }
    }

    private String tag(String sha256) {
        return config.model().id() + "@" + sha256;
    }

    private void skip(String what, String reason) {
        // Group by the kind of reason ("unreadable image"), keep the detail in the examples.
        int colon = reason.indexOf(':');
        String kind = colon > 0 ? reason.substring(0, colon) : reason;
        skipped.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(new IndexSummary.Skip(what, reason));
        }
    }

    private Map<String, Long> skippedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        skipped.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts what Elasticsearch accepted; a rejected document is a skip with Elasticsearch's reason. */
    private final class Listener implements BulkListener<String> {
        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<String> contexts) {
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<String> contexts, BulkResponse response) {
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                var error = items.get(i).error();
                if (error == null) {
                    indexed.incrementAndGet();
                } else {
                    skip(contexts.get(i), "rejected by Elasticsearch: " + error.type() + " " + error.reason());
                }
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<String> contexts, Throwable failure) {
            contexts.forEach(id -> skip(id, "bulk request failed: " + failure.getMessage()));
        }
    }
}
