package org.latentarchive.indexer.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A source harvested once and replayed: several index runs over one listing (one per model) ask the museum's API or
 * read the metadata file only once. Images still come from the source (its download cache).
 */
public final class HarvestedSource implements ArtworkSource {

    private record Skip(String what, String reason) {
    }

    private final ArtworkSource source;
    private List<Artwork> artworks;
    private final List<Skip> skips = new ArrayList<>();

    public HarvestedSource(ArtworkSource source) {
        this.source = source;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public synchronized void harvest(Consumer<Artwork> sink, SkipListener skipped) throws IOException {
        if (artworks == null) {
            List<Artwork> listed = new ArrayList<>();
            source.harvest(listed::add, (what, reason) -> skips.add(new Skip(what, reason)));
            artworks = listed;
        }
        artworks.forEach(sink);
        skips.forEach(s -> skipped.skipped(s.what(), s.reason()));
    }

    @Override
    public byte[] image(Artwork artwork) throws IOException {
        return source.image(artwork);
    }

    @Override
    public long downloaded() {
        return source.downloaded();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
