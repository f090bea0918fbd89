package org.latentarchive.indexer.job;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A progress bar for a long phase, printed as a line every few seconds (works in logs as on a terminal). */
final class Progress implements AutoCloseable {

    private final String phase;
    private final long total;
    private final PrintStream out;
    private final LongSupplier done;
    private final LongSupplier rateCounter;
    private final long started = System.nanoTime();
    private final Thread ticker;
    private final AtomicLong lastPrinted = new AtomicLong(-1);

    Progress(String phase, long total, PrintStream out, Duration every, LongSupplier done, LongSupplier rateCounter) {
        this.phase = phase;
        this.total = total;
        this.out = out;
        this.done = done;
        this.rateCounter = rateCounter;
        this.ticker = Thread.ofPlatform().daemon().name("progress").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(every.toMillis());
                    print();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void print() {
        long n = done.getAsLong();
        if (n == lastPrinted.getAndSet(n)) {
            return;
        }
        int width = 30;
        int filled = total <= 0 ? 0 : (int) Math.min(width, n * width / total);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "%s [%s%s] %d/%d  %.1f images/s%n", phase, "#".repeat(filled), ".".repeat(width - filled),
            n, total, seconds > 0 ? rateCounter.getAsLong() / seconds : 0.0);
    }

    @Override
    public void close() {
        ticker.interrupt();
        print();
    }
}
