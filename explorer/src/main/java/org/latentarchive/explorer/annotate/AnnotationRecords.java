package org.latentarchive.explorer.annotate;

import java.util.List;
import org.latentarchive.explorer.artwork.ArtworkSummary;

/** The data the annotation pages and their API pass around. */
public final class AnnotationRecords {

    private AnnotationRecords() {
    }

    /** Nine artworks to judge, drawn without repeats from {@code subset} (the filter as text; "all" when none). */
    public record Draw(String subset, long seed, List<ArtworkSummary> artworks) {
    }

    /** What the page posts: the curator's anchor and positive, and the seven they did not choose. */
    public record NewAnnotation(String anchor, String positive, List<String> others, String curator, String subset) {
    }

    /** A stored judgement. {@code time} is ISO-8601 UTC. */
    public record StoredAnnotation(String id, String anchor, String positive, List<String> others, String curator,
                            String time, String subset) {

        /** The prototype's line: anchor, positive, the seven others. */
        public String line() {
            return anchor + "," + positive + "," + String.join(",", others);
        }
    }

    /** How many judgements there are, and the latest few. */
    public record Listing(long total, List<StoredAnnotation> latest) {
    }

    /** An earlier judgement shown again: its anchor and its eight candidates in a new random order. */
    public record ConsistencyTrial(String annotation, ArtworkSummary anchor, List<ArtworkSummary> candidates) {
    }

    /** The curator's order of the eight candidates, most alike first. */
    public record ConsistencyAnswer(String annotation, List<String> order, String curator) {
    }

    /** Where the earlier positive landed this time (1..8), and the curator's self mean rank so far. */
    public record ConsistencyResult(int rank, double selfMeanRank, long answers) {
    }

    /** How many lines an import stored. */
    public record ImportResult(int imported) {
    }
}
