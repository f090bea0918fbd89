package org.latentarchive.indexer.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * SMK Open as a source: a search (default filters: has an image, public domain) paged until {@code found}, or a list
 * of object numbers fetched one by one. Images come through the {@link ImageFetcher}'s disk cache.
 */
public final class SmkSource implements ArtworkSource {

    public static final List<String> DEFAULT_FILTERS = List.of("[has_image:true]", "[public_domain:true]");

    private final SmkClient client;
    private final ImageFetcher images;
    private final String keys;
    private final List<String> filters;
    private final List<String> objectNumbers;
    private final int rows;
    private final PrintStream log;

    public SmkSource(SmkClient client, ImageFetcher images, String keys, List<String> filters, List<String> objectNumbers, int rows,
                     PrintStream log) {
        if (rows < 1 || rows > SmkClient.MAX_ROWS) {
            throw new IllegalArgumentException("rows per page must be 1.." + SmkClient.MAX_ROWS);
        }
        this.client = client;
        this.images = images;
        this.keys = keys;
        this.filters = List.copyOf(filters);
        this.objectNumbers = objectNumbers == null ? List.of() : List.copyOf(objectNumbers);
        this.rows = rows;
        this.log = log;
    }

    @Override
    public String name() {
        return "smk";
    }

    @Override
    public void harvest(Consumer<Artwork> sink, SkipListener skipped) throws IOException {
        if (!objectNumbers.isEmpty()) {
            for (String number : objectNumbers) {
                Optional<JsonNode> record = client.object(number);
                if (record.isEmpty()) {
                    skipped.skipped(number, "no such object in SMK Open");
                } else {
                    accept(record.get(), sink, skipped, new HashSet<>());
                }
            }
            return;
        }
        Set<String> seen = new HashSet<>();
        int offset = 0;
        long found;
        do {
            SmkClient.SearchPage page = client.search(keys, filters, offset, rows);
            found = page.found();
            if (page.items().isEmpty()) {
                // An index that shrank while we paged: stop rather than loop.
                break;
            }
            for (JsonNode item : page.items()) {
                accept(item, sink, skipped, seen);
            }
            offset += page.items().size();
            if (log != null) {
                log.printf("harvest smk: %d/%d%n", Math.min(offset, found), found);
            }
        } while (offset < found);
    }

    private static void accept(JsonNode item, Consumer<Artwork> sink, SkipListener skipped, Set<String> seen) {
        try {
            Artwork artwork = SmkRecords.toArtwork(item);
            if (seen.add(artwork.objectNumber())) {
                sink.accept(artwork);
            }
        } catch (IllegalArgumentException e) {
            skipped.skipped(item.path("id").asText("?"), e.getMessage());
        }
    }

    @Override
    public byte[] image(Artwork artwork) throws IOException {
        if (artwork.image() == null || artwork.image().url() == null) {
            throw new IOException("no image URL");
        }
        return images.fetch(artwork.image().url());
    }

    @Override
    public long downloaded() {
        return images.downloaded();
    }

    public static List<String> filters(List<String> user, boolean defaults) {
        List<String> all = new ArrayList<>(defaults ? DEFAULT_FILTERS : List.of());
        for (String f : user) {
            String filter = f.strip();
            all.add(filter.startsWith("[") ? filter : "[" + filter + "]");
        }
        return all;
    }
}
