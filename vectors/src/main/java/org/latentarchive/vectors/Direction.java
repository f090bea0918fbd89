package org.latentarchive.vectors;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Whether a neighbour search wants the most similar documents first, or the least similar. */
public enum Direction {
    NEAREST,
    FARTHEST;

    public static Direction fromName(String name) {
        for (Direction d : values()) {
            if (d.displayName().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction [" + name + "], expected one of "
            + Arrays.stream(values()).map(Direction::displayName).collect(Collectors.joining(", ", "[", "]")));
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
