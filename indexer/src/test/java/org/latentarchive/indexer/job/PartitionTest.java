package org.latentarchive.indexer.job;

import org.junit.jupiter.api.Test;
import org.latentarchive.embed.testing.SharedData;
import org.latentarchive.indexer.source.LocalCollectionSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionTest {

    @Test
    void partitionsTogetherHoldEveryArtworkOfTheSampleCollectionExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        try (var source = LocalCollectionSource.of(SharedData.aicPaintings())) {
            source.harvest(a -> ids.add(a.objectNumber()), (what, why) -> { });
        }
        assertEquals(267, ids.size());
        for (int n : new int[] {1, 2, 3, 7}) {
            Map<String, Integer> owners = new HashMap<>();
            int smallest = Integer.MAX_VALUE;
            for (int i = 1; i <= n; i++) {
                Partition p = new Partition(i, n);
                int size = 0;
                for (String id : ids) {
                    if (p.owns(id)) {
                        owners.merge(id, 1, Integer::sum);
                        size++;
                    }
                }
                smallest = Math.min(smallest, size);
            }
            assertEquals(ids.size(), owners.size(), n + " partitions leave artworks out");
            assertTrue(owners.values().stream().allMatch(c -> c == 1), n + " partitions overlap");
            // a hash spreads them evenly enough that no indexer idles: at least half the fair share each
            assertTrue(smallest >= ids.size() / n / 2, n + " partitions: the smallest holds " + smallest);
        }
    }

    @Test
    void theSliceDependsOnTheObjectNumberAloneNotOnTheListing() {
        // fixed values: another run, another machine or another order of the listing puts a work in the same slice
        assertEquals(Partition.sliceOf("109220", 3), Partition.sliceOf("109220", 3));
        assertEquals(List.of(Partition.sliceOf("109220", 3), Partition.sliceOf("KMS1", 3), Partition.sliceOf("KKS1982-1", 3)),
            List.of(expectedSlice("109220", 3), expectedSlice("KMS1", 3), expectedSlice("KKS1982-1", 3)));
        assertTrue(Partition.ALL.owns("anything"));
    }

    /** The documented rule, computed independently: SHA-256 of the UTF-8 object number, first 8 bytes unsigned, mod N, plus 1. */
    private static int expectedSlice(String id, int n) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new java.math.BigInteger(1, java.util.Arrays.copyOf(d, 8)).mod(java.math.BigInteger.valueOf(n)).intValue() + 1;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void badValuesAreRefusedWithAReason() {
        for (String bad : List.of("0/3", "4/3", "1/0", "x/y", "3", "1/2/3", "-1/3", "")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Partition.parse(bad), bad);
            assertTrue(e.getMessage().contains("i/N"), e.getMessage());
        }
        assertEquals(new Partition(3, 3), Partition.parse("3/3"));
        assertEquals(new Partition(2, 5), Partition.parse(" 2/5 "));
    }

}
