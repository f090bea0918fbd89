package org.latentarchive.plugin.walk;

import org.elasticsearch.test.ESTestCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

public class SearchWorkersTests extends ESTestCase {

    private static List<Callable<Integer>> squares(int n, AtomicInteger running, AtomicInteger mostAtOnce) {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int x = i;
            tasks.add(() -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(2);
                    return x * x;
                } finally {
                    running.decrementAndGet();
                }
            });
        }
        return tasks;
    }

    public void testEveryTaskRunsOnceAndTheResultsComeInOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            int n = randomIntBetween(1, 40);
            AtomicInteger mostAtOnce = new AtomicInteger();
            List<Integer> results = new SearchWorkers(pool, randomIntBetween(1, 6)).invokeAll(squares(n, new AtomicInteger(), mostAtOnce));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i * i);
            }
            assertThat(results, equalTo(expected));
        } finally {
            terminate(pool);
        }
    }

    public void testNoMoreTasksRunAtOnceThanItsParallelism() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            int parallelism = randomIntBetween(1, 4);
            AtomicInteger mostAtOnce = new AtomicInteger();
            new SearchWorkers(pool, parallelism).invokeAll(squares(30, new AtomicInteger(), mostAtOnce));
            assertThat(mostAtOnce.get(), lessThanOrEqualTo(parallelism));
        } finally {
            terminate(pool);
        }
    }

    public void testAPoolThatLendsNoThreadLeavesEveryTaskToTheCaller() throws Exception {
        SearchWorkers rejecting = new SearchWorkers(task -> {
            throw new RejectedExecutionException("queue full");
        }, 4);
        AtomicInteger mostAtOnce = new AtomicInteger();
        assertThat(rejecting.invokeAll(squares(5, new AtomicInteger(), mostAtOnce)), equalTo(List.of(0, 1, 4, 9, 16)));
        assertThat(mostAtOnce.get(), equalTo(1));
    }

    public void testABusyPoolNeverMakesTheCallerWait() throws Exception {
        // a pool whose only thread is taken: the helpers queue behind it, and the caller runs every task itself
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<Integer> results = new SearchWorkers(pool, 4).invokeAll(squares(6, new AtomicInteger(), new AtomicInteger()));
            assertThat(results, equalTo(List.of(0, 1, 4, 9, 16, 25)));
        } finally {
            release.countDown();
            terminate(pool);
        }
    }

    public void testATaskFailureIsThrownOnceEveryStartedTaskHasEnded() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            AtomicInteger ended = new AtomicInteger();
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int x = i;
                tasks.add(() -> {
                    try {
                        Thread.sleep(2);
                        if (x == 5) {
                            throw new IOException("shard gone");
                        }
                        return x;
                    } finally {
                        ended.incrementAndGet();
                    }
                });
            }
            IOException e = expectThrows(IOException.class, () -> new SearchWorkers(pool, 3).invokeAll(tasks));
            assertEquals("shard gone", e.getMessage());
            assertEquals("every task ran and ended before the failure was thrown", 12, ended.get());
        } finally {
            terminate(pool);
        }
    }

    public void testParallelismIsAtLeastOne() {
        expectThrows(IllegalArgumentException.class, () -> new SearchWorkers(Runnable::run, 0));
    }

    private static void terminate(ExecutorService pool) throws InterruptedException {
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
