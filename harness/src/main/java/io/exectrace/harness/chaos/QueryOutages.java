package io.exectrace.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a query load under faults tells about availability and correctness: per session, how long it went without
 * a right answer while it was asked (the longest such gap is the query outage), and the wrong answers with their
 * first examples. Shared by the client threads of one load.
 */
final class QueryOutages {
    private static final int EXAMPLES = 20;

    /** Per session: when its current run of answers that were not right began (absent while it is answered). */
    private final Map<String, Long> unansweredSince = new ConcurrentHashMap<>();
    private final AtomicLong longestGapNanos = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final List<String> examples = new ArrayList<>();

    /** {@code id} got a right answer at {@code nowNanos}: its gap, if any, ends. */
    void answered(final String id, final long nowNanos) {
        final Long since = unansweredSince.remove(id);
        if (since != null) {
            longestGapNanos.accumulateAndGet(nowNanos - since, Math::max);
        }
    }

    /** {@code id} was asked at {@code nowNanos} and got no right answer: a gap begins unless one is open. */
    void notAnswered(final String id, final long nowNanos) {
        unansweredSince.putIfAbsent(id, nowNanos);
    }

    /** A wrong answer, described. */
    void wrong(final String what) {
        wrong.incrementAndGet();
        synchronized (examples) {
            if (examples.size() < EXAMPLES) {
                examples.add(what);
            }
        }
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
