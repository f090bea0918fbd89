package org.latentarchive.explorer.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.latentarchive.curator.CuratorTrainer;
import org.latentarchive.curator.MeanRank;

/** What the training, model and evaluation API answers; field names are the API's (camelCase, like the rest of the explorer's API). */
public final class TrainingRecords {

    private TrainingRecords() {
    }

    /** A job's life: queued until its thread takes it, then running, then one of the three ends. */
    public enum State {
        queued, running, done, failed, cancelled;

        boolean ended() {
            return this == done || this == failed || this == cancelled;
        }
    }

    /** GET /api/training/{id}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrainingStatus(
        String id,
        State state,
        String field,
        String curator,
        TrainingOptions options,
        int annotationLines,
        int usableLines,
        int epochsDone,
        int epochs,
        boolean cancelRequested,
        String started,
        String ended,
        List<EpochFigures> history,
        String model,
        List<MeanRankRow> metrics,
        String error) {
    }

    /** One epoch; the held-out figures are null in the epochs between evaluations. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EpochFigures(
        int epoch,
        Double trainLoss,
        Double heldOutLoss,
        Double heldOutMeanRank) {

        static EpochFigures of(CuratorTrainer.Epoch e) {
            return new EpochFigures(e.epoch(), finite(e.trainLoss()), finite(e.heldOutLoss()), finite(e.heldOutMeanRank()));
        }
    }

    /** One row of the prototype's mean-rank table: 1 = the positive always first of 8, 4.5 = chance. */
    public record MeanRankRow(
        String label,
        int lines,
        int skipped,
        Double mean,
        Double standardError) {

        static MeanRankRow of(MeanRank.Result r) {
            return new MeanRankRow(r.label(), r.lines(), r.skipped(), finite(r.mean()), finite(r.standardError()));
        }

        static List<MeanRankRow> of(List<MeanRank.Result> rows) {
            return rows.stream().map(MeanRankRow::of).toList();
        }
    }

    /** GET /api/models: a saved model, its table, and whether its field is in the index already. */
    public record ModelSummary(
        String name,
        String field,
        String sourceField,
        String created,
        TrainingOptions options,
        List<MeanRankRow> metrics,
        int trainingLines,
        int heldOutLines,
        double trainingSeconds,
        boolean applied) {
    }

    public record ModelList(String folder, List<ModelSummary> models) {
    }

    /** POST /api/models/{name}/apply. */
    public record Applied(String model, String field, int artworks) {
    }

    /** GET /api/evaluate: each field's mean rank over the stored annotations, chance last. */
    public record Evaluation(String curator, int annotationLines, List<MeanRankRow> rows) {
    }

    /** NaN and infinities are no JSON numbers: they go out as null. */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
