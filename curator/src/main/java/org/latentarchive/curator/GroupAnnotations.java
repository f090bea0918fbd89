package org.latentarchive.curator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic curator judgements derived from a grouping of the artworks (a collection's period groups, an artist, a
 * technique): anchor and positive from the same group, the seven others from other groups, all nine distinct. They
 * stand in for a curator's eye where none has annotated yet, to test the loop end to end; they are not judgements
 * anyone made, and reports must say so.
 */
public final class GroupAnnotations {

    private GroupAnnotations() {
    }

    /** {@code count} seeded lines from {@code groupOf} (artwork id to group); needs a group of two and 7 artworks outside it. */
    public static AnnotationSet derive(Map<String, String> groupOf, int count, long seed) {
        Map<String, List<String>> members = new LinkedHashMap<>();
        groupOf.forEach((id, group) -> members.computeIfAbsent(group, g -> new ArrayList<>()).add(id));
        List<String> ids = new ArrayList<>(groupOf.keySet());
        List<String> anchors = new ArrayList<>();
        for (String id : ids) {
            String group = groupOf.get(id);
            if (members.get(group).size() >= 2 && ids.size() - members.get(group).size() >= Annotation.OTHERS) {
                anchors.add(id);
            }
        }
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no group has two artworks with seven others outside it");
        }
        Random random = new Random(seed);
        List<Annotation> lines = new ArrayList<>(count);
        while (lines.size() < count) {
            String anchor = anchors.get(random.nextInt(anchors.size()));
            List<String> group = members.get(groupOf.get(anchor));
            String positive;
            do {
                positive = group.get(random.nextInt(group.size()));
            } while (positive.equals(anchor));
            Set<String> others = new HashSet<>();
            List<String> ordered = new ArrayList<>();
            while (ordered.size() < Annotation.OTHERS) {
                String other = ids.get(random.nextInt(ids.size()));
                if (!groupOf.get(other).equals(groupOf.get(anchor)) && others.add(other)) {
                    ordered.add(other);
                }
            }
            lines.add(new Annotation(anchor, positive, ordered));
        }
        return new AnnotationSet(lines);
    }
}
