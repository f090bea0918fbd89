package org.latentarchive.explorer.training;

import org.latentarchive.explorer.web.Conflict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.latentarchive.curator.CuratorTrainer;
import org.latentarchive.curator.TunedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one training at a time on a background thread: a training takes one core for minutes, and each saves the
 * next tuned version, so two at once would only slow each other and race for the version number. The jobs of this
 * explorer run stay in memory (the latest {@value #KEPT}), with their progress, for the page to poll.
 */
final class TrainingRunner implements AutoCloseable {

    /** The training itself: a plan and an epoch callback in, the saved model out. */
    interface Work {
        TunedModel train(TrainingJob.Plan plan, Consumer<CuratorTrainer.Epoch> progress) throws Exception;
    }

    static final int KEPT = 50;
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRunner.class);

    private final Work work;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "curator-training");
        // a training in progress must not keep a stopping explorer alive
        t.setDaemon(true);
        return t;
    });
    private final Map<String, TrainingJob> jobs = new LinkedHashMap<>();
    private int lastId;
    private TrainingJob current;

    TrainingRunner(Work work) {
        this.work = work;
    }

    synchronized TrainingJob start(TrainingJob.Plan plan) {
        if (current != null && !current.ended()) {
            throw new Conflict("training " + current.id() + " is still " + current.state() + " (" + current.status().epochsDone()
                + " of " + current.plan().options().epochs() + " epochs); one training runs at a time: wait for it or cancel it");
        }
        TrainingJob job = new TrainingJob(String.valueOf(++lastId), plan);
        jobs.put(job.id(), job);
        if (jobs.size() > KEPT) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        current = job;
        thread.submit(() -> run(job));
        return job;
    }

    private void run(TrainingJob job) {
        if (!job.begin()) {
            return;
        }
        TrainingJob.Plan plan = job.plan();
        LOG.info("training {} on {} ({} annotation lines{}) started", job.id(), plan.field(), plan.usableLines(),
            plan.curator().map(c -> " of " + c).orElse(""));
        try {
            TunedModel model = work.train(plan, job::epoch);
            job.succeeded(model);
            LOG.info("training {} saved {}", job.id(), model.name());
        } catch (TrainingJob.Cancelled e) {
            job.cancelled();
            LOG.info("training {} cancelled", job.id());
        } catch (Exception | Error e) {
            // an out-of-memory or a native failure in the engine ends this job, never the explorer
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            job.failed(reason);
            LOG.warn("training {} failed: {}", job.id(), reason, e);
        }
    }

    synchronized Optional<TrainingJob> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Latest first. */
    synchronized List<TrainingJob> list() {
        List<TrainingJob> latestFirst = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(latestFirst);
        return latestFirst;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (current != null) {
                current.cancel();
            }
        }
        thread.shutdown();
    }
}
