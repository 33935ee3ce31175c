package io.exectrace.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What a query load under faults tells, shared by its client threads: the answers by kind (right and fresh, right
 * from a stale standby, 503 with Retry-After, wrong, with the first examples of the wrong ones), and per session how
 * long it went without a right answer while it was asked (the longest such gap is the query outage), and the
 * slowest answer with what it was.
 */
final class QueryTally {
    private static final int EXAMPLES = 20;

    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong fresh = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final List<String> examples = new ArrayList<>();
    /** Per session: when its current run of answers that were not right began (absent while it is answered). */
    private final Map<String, Long> unansweredSince = new ConcurrentHashMap<>();
    private final AtomicLong longestGapNanos = new AtomicLong();
    private long slowestNanos;
    private String slowest = "none";

    /** A query got an answer (of any kind). */
    void asked() {
        queries.incrementAndGet();
    }

    /**
     * Asking took {@code elapsedNanos} and ended as {@code outcome} (a status, a timeout); the slowest is kept, and
     * only its description is built.
     */
    synchronized void took(final long elapsedNanos, final Supplier<String> outcome) {
        if (elapsedNanos > slowestNanos) {
            slowestNanos = elapsedNanos;
            slowest = outcome.get();
        }
    }

    /** The slowest answer: how long it took and what it was. */
    synchronized String slowestAnswer() {
        return String.format("%d ms (%s)", slowestNanos / 1_000_000, slowest);
    }

    /** {@code id} got a right answer at {@code nowNanos} ({@code stale}: from a standby, marked): its gap ends. */
    void right(final String id, final long nowNanos, final boolean stale) {
        (stale ? this.stale : fresh).incrementAndGet();
        final Long since = unansweredSince.remove(id);
        if (since != null) {
            longestGapNanos.accumulateAndGet(nowNanos - since, Math::max);
        }
    }

    /** {@code id} got a 503 with Retry-After at {@code nowNanos}: allowed, but not an answer. */
    void unavailable(final String id, final long nowNanos) {
        unavailable.incrementAndGet();
        notAnswered(id, nowNanos);
    }

    /** {@code id} got a wrong answer at {@code nowNanos}, described by {@code what}. */
    void wrongAnswer(final String id, final long nowNanos, final String what) {
        wrong(what);
        notAnswered(id, nowNanos);
    }

    /** A wrong answer that does not count as a gap in answering (a 404 for a session answered before). */
    void wrong(final String what) {
        wrong.incrementAndGet();
        synchronized (examples) {
            if (examples.size() < EXAMPLES) {
                examples.add(what);
            }
        }
    }

    private void notAnswered(final String id, final long nowNanos) {
        unansweredSince.putIfAbsent(id, nowNanos);
    }

    long queries() {
        return queries.get();
    }

    long fresh() {
        return fresh.get();
    }

    long stale() {
        return stale.get();
    }

    long unavailable() {
        return unavailable.get();
    }

    long wrongCount() {
        return wrong.get();
    }

    List<String> examples() {
        synchronized (examples) {
            return List.copyOf(examples);
        }
    }

    /** The longest gap, counting the gaps still open as ending now. */
    Duration longestOutage() {
        final long now = System.nanoTime();
        unansweredSince.values().forEach(since -> longestGapNanos.accumulateAndGet(now - since, Math::max));
        return Duration.ofNanos(longestGapNanos.get());
    }
}
