package org.latentarchive.indexer.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code index}-th of {@code count} disjoint slices of a source's records, so that several indexers can share one
 * harvest. A record belongs to the slice given by the SHA-256 of its object number, never by its position in a
 * listing: the slices stay the same when the museum adds, withdraws or reorders works, so each indexer resumes on
 * its own, and any other program can compute the same slices.
 *
 * @param index 1 to {@code count}
 */
public record Partition(int index, int count) {

    /** One slice holding everything: no partitioning. */
    public static final Partition ALL = new Partition(1, 1);

    public Partition {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a partition is i/N with N >= 1 and 1 <= i <= N, not " + index + "/" + count);
        }
    }

    /** Parses {@code i/N}, e.g. {@code 2/3}; the message of a bad value says what is expected. */
    public static Partition parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a partition is i/N, e.g. 2/3 (the second of three slices), not '" + text + "'");
        }
        int index;
        int count;
        try {
            index = Integer.parseInt(parts[0].strip());
            count = Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a partition is i/N with whole numbers, e.g. 2/3, not '" + text + "'");
        }
        return new Partition(index, count);
    }

    /** Whether the record with this object number is in this slice. */
    public boolean owns(String objectNumber) {
        return count == 1 || sliceOf(objectNumber, count) == index;
    }

    /** The slice (1 to {@code count}) of an object number: the first 8 bytes of its UTF-8 SHA-256, unsigned, mod count. */
    public static int sliceOf(String objectNumber, int count) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(objectNumber.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long high = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (digest[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(high, count) + 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
