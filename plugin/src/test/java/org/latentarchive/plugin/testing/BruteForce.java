package org.latentarchive.plugin.testing;

import org.latentarchive.vectors.testing.PlantedVectors;
import org.latentarchive.vectors.VectorMath;

import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/** The answer a client would compute by pulling every vector: the reference the plugin is checked against. */
public final class BruteForce {

    private BruteForce() {}

    /** Indices of the {@code n} vectors most (or least) cosine-similar to q among those {@code eligible}, best first. */
    public static List<Integer> byCosine(PlantedVectors data, float[] q, int n, boolean farthest, IntPredicate eligible) {
        Comparator<Integer> nearestFirst = Comparator.comparingDouble(i -> -VectorMath.cosine(q, data.vectors()[i]));
        return IntStream.range(0, data.size()).filter(eligible).boxed()
            .sorted(farthest ? nearestFirst.reversed() : nearestFirst)
            .limit(n)
            .toList();
    }
}
