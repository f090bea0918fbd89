package org.latentarchive.indexer.job;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run did. {@code harvested}: records read from the source; {@code downloaded}: images fetched over the
 * network (the rest came from disk or the cache); {@code embedded}: images run through the model; {@code unchanged}:
 * artworks whose vector was already current (same model, same image hash) and only got their metadata refreshed;
 * {@code indexed}: documents Elasticsearch accepted; {@code skipped}: reasons with counts, {@code examples} some of
 * them by object number.
 */
public record IndexSummary(
    long harvested,
    long downloaded,
    long embedded,
    long unchanged,
    long indexed,
    long removed,
    Map<String, Long> skipped,
    List<Skip> examples,
    double seconds,
    double embedSeconds) {

    public record Skip(String objectNumber, String reason) {
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Images embedded per second of the embedding phase (reading, decoding, inference and indexing together). */
    public double imagesPerSecond() {
        return embedSeconds <= 0 ? 0 : embedded / embedSeconds;
    }

    public String describe() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
            "harvested %d, downloaded %d, embedded %d, unchanged %d, indexed %d, removed %d, skipped %d in %.1f s (%.1f images/s)",
            harvested, downloaded, embedded, unchanged, indexed, removed, skippedTotal(), seconds, imagesPerSecond()));
        skipped.forEach((reason, count) -> text.append("\n  skipped ").append(count).append(": ").append(reason));
        examples.stream().limit(10).forEach(s -> text.append("\n    e.g. ").append(s.objectNumber()).append(": ").append(s.reason()));
        return text.toString();
    }
}
