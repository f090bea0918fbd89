package org.latentarchive.explorer.map;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.latentarchive.curator.layout.LayoutMethod;
import org.latentarchive.curator.layout.MapLayouts;
import org.latentarchive.explorer.web.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the curator's layout job for the explorer, one at a time on a background thread, as the explorer runs a
 * training ({@code TrainingRunner}): a layout of a large space takes the machine's cores for minutes, and two at once
 * would only slow each other. The latest {@value #KEPT} jobs stay in memory with their progress, for the page to poll.
 */
public final class LayoutJobs implements AutoCloseable {

    /** The job itself: a field and methods in, progress out. */
    public interface Work {
        void run(String field, List<LayoutMethod> methods, MapLayouts.Progress progress) throws Exception;
    }

    public enum State { queued, running, done, failed }

    /** What GET /api/layouts/jobs/{id} answers. */
    public record Status(String id, String field, List<String> methods, State state, double progress, String message,
                         String startedAt, String endedAt) {
    }

    static final int KEPT = 20;
    private static final Logger LOG = LoggerFactory.getLogger(LayoutJobs.class);

    private final Work work;
    private final Runnable afterEach;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "map-layout");
        // a layout in progress must not keep a stopping explorer alive
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private int lastId;
    private Job current;

    /** @param afterEach runs after every job, done or failed (the map forgets what it read of the mapping) */
    public LayoutJobs(Work work, Runnable afterEach) {
        this.work = work;
        this.afterEach = afterEach;
    }

    public synchronized Status start(String field, List<LayoutMethod> methods) {
        if (current != null && !current.status().state().equals(State.done) && !current.status().state().equals(State.failed)) {
            Status running = current.status();
            throw new Conflict("layout job " + running.id() + " (" + running.field() + ") is still " + running.state()
                + " (" + Math.round(running.progress() * 100) + " %); one layout job runs at a time: wait for it");
        }
        Job job = new Job(String.valueOf(++lastId), field, methods.stream().map(LayoutMethod::key).toList());
        jobs.put(job.id, job);
        if (jobs.size() > KEPT) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        current = job;
        thread.submit(() -> run(job, methods));
        return job.status();
    }

    public synchronized Optional<Status> get(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::status);
    }

    private void run(Job job, List<LayoutMethod> methods) {
        job.begin();
        LOG.info("layout job {} on {} ({}) started", job.id, job.field, job.methods);
        try {
            work.run(job.field, methods, job::report);
            job.end(State.done, "done");
            LOG.info("layout job {} done", job.id);
        } catch (Exception | Error e) {
            // an out-of-memory or a failing library ends this job, never the explorer
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            job.end(State.failed, reason);
            LOG.warn("layout job {} failed: {}", job.id, reason, e);
        } finally {
            afterEach.run();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** One job's progress: the job's thread writes it while request threads read it, always under its lock. */
    private static final class Job {
        final String id;
        final String field;
        final List<String> methods;
        private State state = State.queued;
        private double progress;
        private String message = "queued";
        private Instant started;
        private Instant ended;

        Job(String id, String field, List<String> methods) {
            this.id = id;
            this.field = field;
            this.methods = List.copyOf(methods);
        }

        synchronized void begin() {
            state = State.running;
            started = Instant.now();
            message = "starting";
        }

        synchronized void report(double fraction, String what) {
            progress = Math.max(progress, Math.min(1, fraction));
            message = what;
        }

        synchronized void end(State end, String what) {
            state = end;
            message = what;
            if (end == State.done) {
                progress = 1;
            }
            ended = Instant.now();
        }

        synchronized Status status() {
            return new Status(id, field, methods, state, progress, message, started == null ? null : started.toString(),
                ended == null ? null : ended.toString());
        }
    }
}
