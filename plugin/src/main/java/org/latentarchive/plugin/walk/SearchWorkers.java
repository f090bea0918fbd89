package org.latentarchive.plugin.walk;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.threadpool.ThreadPool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The threads a node lends a walk's one round (its search pool, which also runs a concurrent search's slices), and
 * how many of them one round keeps busy at once: the node's processors. The round's HNSW searches are compute-bound,
 * so running more of them at once than there are processors only makes the operating system take turns between them,
 * and a search that loses its turn holds up the whole round.
 *
 * @param executor    the node's search pool
 * @param parallelism the most tasks of one round that run at once (the calling thread included), at least 1
 */
public record SearchWorkers(Executor executor, int parallelism) {

    /** No other thread: every task runs on the calling thread, one after another. */
    public static final SearchWorkers THIS_THREAD = new SearchWorkers(Runnable::run, 1);

    public SearchWorkers {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
    }

    /** A node's search pool, with as many at once as the node has processors ({@code node.processors}). */
    public static SearchWorkers of(ThreadPool threadPool, Settings settings) {
        return new SearchWorkers(threadPool.executor(ThreadPool.Names.SEARCH), EsExecutors.allocatedProcessors(settings));
    }

    /**
     * Runs every task and returns their results in order. The calling thread runs tasks too, and at most
     * {@code parallelism - 1} pool threads help it, each taking the next task not yet taken, so a busy pool never makes
     * the caller wait for a task that has not started: it takes that task itself. The first failure is thrown once
     * every task that started has ended.
     */
    public <T> List<T> invokeAll(List<Callable<T>> tasks) throws IOException {
        int n = tasks.size();
        AtomicInteger next = new AtomicInteger();
        AtomicReferenceArray<T> results = new AtomicReferenceArray<>(n);
        AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(n);
        CountDownLatch ended = new CountDownLatch(n);
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    results.set(i, tasks.get(i).call());
                } catch (Throwable failure) {
                    failures.set(i, failure);
                } finally {
                    ended.countDown();
                }
            }
        };
        try {
            for (int helper = Math.min(n, parallelism) - 1; helper > 0; helper--) {
                executor.execute(work);
            }
        } catch (RejectedExecutionException full) {
            // a pool with a full queue lends no more threads: this one runs what the others do not
        }
        work.run();
        try {
            ended.await(); // only tasks already taken are left, and their threads are running them
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the walk's round ran", interrupted);
        }
        List<T> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Throwable failure = failures.get(i);
            if (failure instanceof IOException io) {
                throw io;
            } else if (failure instanceof RuntimeException runtime) {
                throw runtime;
            } else if (failure instanceof Error error) {
                throw error;
            } else if (failure != null) {
                throw new IOException(failure);
            }
            all.add(results.get(i));
        }
        return all;
    }
}
