package org.latentarchive.curator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One curator judgement: among nine artworks, the {@code anchor} and the {@code positive} that belongs with it; the
 * seven {@code others} are the candidates that were not chosen. As a triplet it reads (anchor, positive, one of
 * the others); for mean rank the positive and the others are the eight candidates.
 *
 * <p>The text form is the research prototype's {@code trainingdata.txt} line: nine comma-separated ids, anchor
 * first, then the positive, then the others, no header, no quoting.
 */
public record Annotation(String anchor, String positive, List<String> others) {

    /** How many artworks were not chosen: nine shown, minus anchor and positive. */
    public static final int OTHERS = 7;

    public Annotation {
        others = List.copyOf(others);
        if (others.size() != OTHERS) {
            throw new IllegalArgumentException("an annotation has " + OTHERS + " others, not " + others.size());
        }
        Set<String> seen = new HashSet<>();
        for (String id : candidatesWith(anchor, positive, others)) {
            if (id == null || id.isBlank() || id.contains(",")) {
                throw new IllegalArgumentException("an annotation id must be non-empty and hold no comma: '" + id + "'");
            }
            // The prototype drew with replacement; a repeat makes a line contradict itself (a candidate both chosen
            // and not chosen), so it is refused rather than silently scored.
            if (!seen.add(id)) {
                throw new IllegalArgumentException("artwork '" + id + "' appears twice in one annotation");
            }
        }
    }

    /** The eight candidates the curator chose among, the positive first. */
    public List<String> candidates() {
        List<String> candidates = new ArrayList<>(OTHERS + 1);
        candidates.add(positive);
        candidates.addAll(others);
        return candidates;
    }

    /** The prototype's line: {@code anchor,positive,o1,...,o7}. */
    public String toLine() {
        return String.join(",", candidatesWith(anchor, positive, others));
    }

    /** Reads one prototype line; surrounding spaces around ids are ignored. */
    public static Annotation parse(String line) {
        String[] fields = line.trim().split(",", -1);
        if (fields.length != OTHERS + 2) {
            throw new IllegalArgumentException("expected " + (OTHERS + 2) + " comma-separated ids, found " + fields.length);
        }
        List<String> ids = new ArrayList<>(fields.length);
        for (String field : fields) {
            ids.add(field.trim());
        }
        return new Annotation(ids.get(0), ids.get(1), ids.subList(2, ids.size()));
    }

    private static List<String> candidatesWith(String anchor, String positive, List<String> others) {
        List<String> all = new ArrayList<>(OTHERS + 2);
        all.add(anchor);
        all.add(positive);
        all.addAll(others);
        return all;
    }
}
