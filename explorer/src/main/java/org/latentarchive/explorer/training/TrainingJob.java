package org.latentarchive.explorer.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.latentarchive.explorer.training.TrainingRecords.EpochFigures;
import org.latentarchive.explorer.training.TrainingRecords.MeanRankRow;
import org.latentarchive.explorer.training.TrainingRecords.State;
import org.latentarchive.explorer.training.TrainingRecords.TrainingStatus;
import org.latentarchive.curator.AnnotationSet;
import org.latentarchive.curator.CuratorTrainer;
import org.latentarchive.curator.TunedModel;

/**
 * One training run and its progress, kept in memory: the request's thread reads {@link #status()} while the
 * training thread reports epochs, so every change and every read holds the job's lock.
 */
final class TrainingJob {

    /** What to train: a field's vectors, the judgements (all stored, and those usable on the field), the options. */
    record Plan(String field, Optional<String> curator, AnnotationSet annotations, int usableLines, TrainingOptions options) {
    }

    /** Thrown from the epoch callback to stop a cancelled run; the model is then never saved. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    private final String id;
    private final Plan plan;
    private final List<EpochFigures> history = new ArrayList<>();
    private State state = State.queued;
    private boolean cancelRequested;
    private Instant started;
    private Instant ended;
    private TunedModel model;
    private String error;

    TrainingJob(String id, Plan plan) {
        this.id = id;
        this.plan = plan;
    }

    String id() {
        return id;
    }

    Plan plan() {
        return plan;
    }

    synchronized boolean ended() {
        return state.ended();
    }

    /** Moves a queued job to running; false when it was cancelled before its turn came. */
    synchronized boolean begin() {
        if (state != State.queued) {
            return false;
        }
        state = State.running;
        started = Instant.now();
        return true;
    }

    /** Records an epoch, or stops the run here when a cancel was asked for. */
    synchronized void epoch(CuratorTrainer.Epoch epoch) {
        if (cancelRequested) {
            throw new Cancelled();
        }
        history.add(EpochFigures.of(epoch));
    }

    synchronized void succeeded(TunedModel trained) {
        model = trained;
        end(State.done);
    }

    synchronized void failed(String reason) {
        error = reason;
        end(State.failed);
    }

    synchronized void cancelled() {
        end(State.cancelled);
    }

    /** Asks the run to stop at its next epoch (at once when it has not begun); false when it had already ended. */
    synchronized boolean cancel() {
        if (state.ended()) {
            return false;
        }
        cancelRequested = true;
        if (state == State.queued) {
            end(State.cancelled);
        }
        return true;
    }

    private void end(State end) {
        state = end;
        ended = Instant.now();
    }

    synchronized State state() {
        return state;
    }

    synchronized TrainingStatus status() {
        List<MeanRankRow> metrics = model == null ? null : MeanRankRow.of(model.metrics());
        return new TrainingStatus(id, state, plan.field(), plan.curator().orElse(null), plan.options(),
            plan.annotations().size(), plan.usableLines(), history.size(), plan.options().epochs(), cancelRequested,
            started == null ? null : started.toString(), ended == null ? null : ended.toString(), List.copyOf(history),
            model == null ? null : model.name(), metrics, error);
    }
}
