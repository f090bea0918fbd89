package org.latentarchive.explorer.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.latentarchive.indexer.curator.CuratorTrainer;
import org.latentarchive.indexer.curator.MeanRank;

/** What the training, model and evaluation API answers; field names are the API's (snake_case). */
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
        @JsonProperty("annotation_lines") int annotationLines,
        @JsonProperty("usable_lines") int usableLines,
        @JsonProperty("epochs_done") int epochsDone,
        int epochs,
        @JsonProperty("cancel_requested") boolean cancelRequested,
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
        @JsonProperty("train_loss") Double trainLoss,
        @JsonProperty("held_out_loss") Double heldOutLoss,
        @JsonProperty("held_out_mean_rank") Double heldOutMeanRank) {

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
        @JsonProperty("standard_error") Double standardError) {

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
        @JsonProperty("source_field") String sourceField,
        String created,
        TrainingOptions options,
        List<MeanRankRow> metrics,
        @JsonProperty("training_lines") int trainingLines,
        @JsonProperty("held_out_lines") int heldOutLines,
        @JsonProperty("training_seconds") double trainingSeconds,
        boolean applied) {
    }

    public record ModelList(String folder, List<ModelSummary> models) {
    }

    /** POST /api/models/{name}/apply. */
    public record Applied(String model, String field, int artworks) {
    }

    /** GET /api/evaluate: each field's mean rank over the stored annotations, chance last. */
    public record Evaluation(String curator, @JsonProperty("annotation_lines") int annotationLines, List<MeanRankRow> rows) {
    }

    /** NaN and infinities are no JSON numbers: they go out as null. */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
