package org.latentarchive.plugin.walk;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/** How a walk chooses the artwork for an interpolation point among the candidates nearest to it. */
public enum Pick {
    /** Always the nearest artwork not yet on the path. */
    NEAREST {
        @Override
        <T> T choose(List<T> nearestFirst, Random random) {
            return nearestFirst.get(0);
        }
    },
    /** A seeded random one among the k nearest not yet on the path (the prototype's N_neighbours &gt; 1, for variety). */
    RANDOM_TOP_K {
        @Override
        <T> T choose(List<T> nearestFirst, Random random) {
            return nearestFirst.get(random.nextInt(nearestFirst.size()));
        }
    };

    /** Chooses from a non-empty list of candidates, nearest first. */
    abstract <T> T choose(List<T> nearestFirst, Random random);

    public static Pick fromName(String name) {
        for (Pick p : values()) {
            if (p.displayName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pick [" + name + "], expected one of "
            + Arrays.stream(values()).map(Pick::displayName).collect(Collectors.joining(", ", "[", "]")));
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
