package org.latentarchive.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupAnnotationsTest {

    @Test
    void anchorAndPositiveShareAGroupAndTheOthersComeFromOtherGroups() {
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            groupOf.put("w" + i, "g" + (i % 3));
        }

        AnnotationSet lines = GroupAnnotations.derive(groupOf, 50, 1);

        assertEquals(50, lines.size());
        for (Annotation line : lines.annotations()) {
            assertEquals(groupOf.get(line.anchor()), groupOf.get(line.positive()));
            for (String other : line.others()) {
                assertNotEquals(groupOf.get(line.anchor()), groupOf.get(other));
            }
        }
        assertEquals(lines, GroupAnnotations.derive(groupOf, 50, 1));
    }

    @Test
    void refusesAGroupingThatCannotMakeALine() {
        Map<String, String> groupOf = Map.of("a", "x", "b", "x", "c", "y");

        assertThrows(IllegalArgumentException.class, () -> GroupAnnotations.derive(groupOf, 1, 0));
    }
}
