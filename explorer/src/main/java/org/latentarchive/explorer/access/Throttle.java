package org.latentarchive.explorer.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per client: each client may spend {@code burst} requests at once and gets {@code perSecond} back
 * every second. A request over the limit learns how long to wait (the 429's Retry-After). Used for the expensive
 * public routes and, with a small rate, for failed sign-ins. Idle clients are forgotten, so memory stays bounded.
 */
public final class Throttle {

    private static final int MAX_CLIENTS = 50_000;

    private record Bucket(double tokens, Instant at) {
    }

    private final String name;
    private final double burst;
    private final double perSecond;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public Throttle(String name, double burst, double perSecond, Clock clock) {
        if (burst < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("a throttle needs a burst of at least 1 and a positive rate");
        }
        this.name = name;
        this.burst = burst;
        this.perSecond = perSecond;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    /** Spends one request of {@code client}; empty when allowed, else how long until one is allowed. */
    public Optional<Duration> take(String client) {
        return spend(client, 1);
    }

    /** Like {@link #take}, for a request that counts only when it fails (a wrong password). */
    public Optional<Duration> check(String client) {
        return spend(client, 0);
    }

    private Optional<Duration> spend(String client, double cost) {
        Instant now = clock.instant();
        if (buckets.size() >= MAX_CLIENTS) {
            buckets.entrySet().removeIf(e -> refilled(e.getValue(), now) >= burst);
        }
        Duration[] wait = new Duration[1];
        buckets.compute(client, (key, bucket) -> {
            double tokens = bucket == null ? burst : refilled(bucket, now);
            if (tokens < Math.max(cost, 1)) {
                wait[0] = Duration.ofMillis((long) Math.ceil((Math.max(cost, 1) - tokens) / perSecond * 1000));
                return new Bucket(tokens, now);
            }
            return new Bucket(tokens - cost, now);
        });
        return Optional.ofNullable(wait[0]);
    }

    /** Records a failure of {@code client} (a wrong password): it spends one token. */
    public void fail(String client) {
        Instant now = clock.instant();
        buckets.compute(client, (key, bucket) -> new Bucket(Math.max(0, (bucket == null ? burst : refilled(bucket, now)) - 1), now));
    }

    private double refilled(Bucket bucket, Instant now) {
        double seconds = Duration.between(bucket.at(), now).toNanos() / 1e9;
        return Math.min(burst, bucket.tokens() + seconds * perSecond);
    }
}
