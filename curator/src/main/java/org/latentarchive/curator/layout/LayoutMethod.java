package org.latentarchive.curator.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The 2-D layouts of a vector space the map shows, by the name the index, the API and the command use. */
public enum LayoutMethod {
    /** The first two principal axes, whitened as the prototype's PCA(2, whiten=True). */
    PCA,
    /** UMAP (McInnes et al.) on the space reduced to about 50 principal axes. */
    UMAP,
    /** Barnes-Hut t-SNE (van der Maaten) on the same reduction. */
    TSNE,
    /** The prototype's projection-influenced grid: each artwork in its own cell, neighbours near each other. */
    GRID;

    /** The name in the index and the API: {@code pca}, {@code umap}, {@code tsne}, {@code grid}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LayoutMethod parse(String name) {
        for (LayoutMethod m : values()) {
            if (m.key().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + name + "': the layouts are " + names());
    }

    /** A comma-separated list or repeated values, each once, in the order given. */
    public static List<LayoutMethod> parseAll(List<String> names) {
        LinkedHashSet<LayoutMethod> methods = new LinkedHashSet<>();
        for (String list : names) {
            for (String name : list.split(",")) {
                if (!name.isBlank()) {
                    methods.add(parse(name));
                }
            }
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("name at least one layout: " + names());
        }
        return new ArrayList<>(methods);
    }

    /** pca, umap, tsne, grid. */
    public static String names() {
        return Arrays.stream(values()).map(LayoutMethod::key).collect(Collectors.joining(", "));
    }
}
