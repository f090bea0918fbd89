package org.latentarchive.vectors;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Points between two vectors for a latent walk: {@code steps} interior points at t = i / (steps + 1), i = 1..steps,
 * so that the endpoints themselves are never among them (as in the research prototype).
 */
public enum Interpolation {
    /** (1 - t) a + t b */
    LINEAR {
        @Override
        public float[] at(float[] a, float[] b, double t) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) ((1 - t) * a[i] + t * b[i]);
            }
            return out;
        }
    },
    /**
     * Along the great circle between the directions of a and b, with the length interpolated linearly: what cosine
     * similarity sees is an even turn from a to b, instead of the shortcut through the sphere that linear takes.
     */
    SPHERICAL {
        @Override
        public float[] at(float[] a, float[] b, double t) {
            double na = VectorMath.norm(a);
            double nb = VectorMath.norm(b);
            if (na == 0 || nb == 0) {
                return LINEAR.at(a, b, t);
            }
            double cos = Math.max(-1, Math.min(1, VectorMath.dot(a, b) / (na * nb)));
            double omega = Math.acos(cos);
            double sin = Math.sin(omega);
            if (sin < 1e-6) {
                // (anti)parallel directions: the great circle is undefined or any; fall back to a straight line
                return LINEAR.at(a, b, t);
            }
            double wa = Math.sin((1 - t) * omega) / sin / na;
            double wb = Math.sin(t * omega) / sin / nb;
            double length = (1 - t) * na + t * nb;
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) (length * (wa * a[i] + wb * b[i]));
            }
            return out;
        }
    };

    /** The point at fraction t (0 = a, 1 = b). */
    public abstract float[] at(float[] a, float[] b, double t);

    /** The {@code steps} interior points at t = i / (steps + 1), in order from a to b. */
    public float[][] interiorPoints(float[] a, float[] b, int steps) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        }
        float[][] points = new float[steps][];
        for (int i = 1; i <= steps; i++) {
            points[i - 1] = at(a, b, (double) i / (steps + 1));
        }
        return points;
    }

    public static Interpolation fromName(String name) {
        for (Interpolation i : values()) {
            if (i.displayName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown interpolation [" + name + "], expected one of "
            + Arrays.stream(values()).map(Interpolation::displayName).collect(Collectors.joining(", ", "[", "]")));
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
