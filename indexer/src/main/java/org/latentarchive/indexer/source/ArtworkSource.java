package org.latentarchive.indexer.source;

import java.io.IOException;
import java.util.function.Consumer;

/** Where artworks come from: a museum API or a local collection. */
public interface ArtworkSource extends AutoCloseable {

    /** The value of the documents' {@code source} field: "smk" or "local:&lt;name&gt;". */
    String name();

    /**
     * Hands every artwork of the source to {@code sink}, in the source's order. A record the source cannot read is
     * reported through {@code skipped} (id or position, and why) and left out; it never stops the harvest.
     */
    void harvest(Consumer<Artwork> sink, SkipListener skipped) throws IOException;

    /** The bytes of an artwork's image, from disk or the download cache. */
    byte[] image(Artwork artwork) throws IOException;

    /** How many images this source has fetched over the network so far (0 for sources on disk). */
    default long downloaded() {
        return 0;
    }

    @Override
    default void close() throws IOException {
    }

    /** Told about records or images that had to be left out. */
    @FunctionalInterface
    interface SkipListener {
        void skipped(String what, String reason);
    }
}
