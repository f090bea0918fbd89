package org.latentarchive.embed.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared collections and reference files are: ../shared beside the repository (set by the pom). */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("shared.dir", "../../shared"));
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("no shared data at " + root.toAbsolutePath());
        }
        return root;
    }

    public static Path aicPaintings() {
        return root().resolve("collections/aic-paintings");
    }

    public static Path referenceEmbeddings() {
        return root().resolve("reference/embeddings/mobilenet_v2_mid-reference.json");
    }
}
