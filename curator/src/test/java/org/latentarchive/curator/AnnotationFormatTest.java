package org.latentarchive.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotationFormatTest {

    private static final String PROTOTYPE_LINES = """
        KMS1,KMS2,KMS3,KMS4,KMS5,KMS6,KMS7,KMS8,KMS9
        KKS1/5,KMS9,KMS8,KMS7,KMS6,KMS5,KMS4,KMS3,KMS2
        """;

    @Test
    void readsAnchorPositiveAndSevenOthersInOrder() throws IOException {
        AnnotationSet set = AnnotationSet.read(new StringReader(PROTOTYPE_LINES));

        assertEquals(2, set.size());
        Annotation first = set.annotations().get(0);
        assertEquals("KMS1", first.anchor());
        assertEquals("KMS2", first.positive());
        assertEquals(List.of("KMS3", "KMS4", "KMS5", "KMS6", "KMS7", "KMS8", "KMS9"), first.others());
        assertEquals(List.of("KMS2", "KMS3", "KMS4", "KMS5", "KMS6", "KMS7", "KMS8", "KMS9"), first.candidates());
        assertEquals("KKS1/5", set.annotations().get(1).anchor());
    }

    @Test
    void writesExactlyTheLinesItRead() throws IOException {
        StringWriter out = new StringWriter();
        AnnotationSet.read(new StringReader(PROTOTYPE_LINES)).write(out);

        assertEquals(PROTOTYPE_LINES, out.toString());
    }

    @Test
    void skipsBlankLinesAndSpacesAroundIds() throws IOException {
        AnnotationSet set = AnnotationSet.read(new StringReader("\n a1 , a2,a3,a4,a5,a6,a7,a8,a9 \n\n"));

        assertEquals(1, set.size());
        assertEquals("a1", set.annotations().get(0).anchor());
        assertEquals("a9", set.annotations().get(0).others().get(6));
    }

    @Test
    void aLineWithTheWrongNumberOfIdsFailsWithItsLineNumber() {
        String text = PROTOTYPE_LINES + "KMS1,KMS2,KMS3\n";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> AnnotationSet.read(new StringReader(text)));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("found 3"), e.getMessage());
    }

    @Test
    void anArtworkTwiceInOneLineIsRefused() {
        // the prototype drew with replacement and could write such lines; they contradict themselves
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Annotation.parse("a1,a2,a3,a4,a5,a6,a7,a8,a1"));
        assertTrue(e.getMessage().contains("'a1' appears twice"), e.getMessage());
    }

    @Test
    void prototypeFileNamesFindTheirObjectNumbers() {
        VectorTable table = VectorTable.of(Map.of("KKS1234/5", new float[] {1, 0}, "KMS7", new float[] {0, 1}));

        assertEquals("KKS1234_5.jpg", VectorTable.prototypeFileName("KKS1234/5"));
        assertEquals(table.row("KKS1234/5"), table.row("KKS1234_5.jpg"));
        assertEquals(table.row("KMS7"), table.row("KMS7.jpg"));
        assertTrue(table.row("KMS8.jpg").isEmpty());
    }

    @Test
    void theSameSeedSplitsTheSameWayAndLosesNoLine() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            text.append("a").append(i);
            for (int j = 1; j < 9; j++) {
                text.append(",b").append(i).append('_').append(j);
            }
            text.append('\n');
        }
        AnnotationSet set = AnnotationSet.read(new StringReader(text.toString()));

        AnnotationSet.Split one = set.split(0.75, 7);
        AnnotationSet.Split again = set.split(0.75, 7);
        assertEquals(15, one.train().size());
        assertEquals(5, one.heldOut().size());
        assertEquals(one, again);
        java.util.Set<Annotation> all = new java.util.HashSet<>(one.train().annotations());
        all.addAll(one.heldOut().annotations());
        assertEquals(new java.util.HashSet<>(set.annotations()), all);
    }
}
