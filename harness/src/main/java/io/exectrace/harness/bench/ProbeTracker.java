package io.exectrace.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.harness.chaos.AppProcess;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * When each probe was sent and when it became visible. Probes are numbered from 1 and go to one session (one
 * partition, in order), so that session's {@code events} count is the number of the newest visible probe: a
 * thread of its own polls {@code GET /api/sessions/{probe}} while a sent probe is not yet visible (paced by
 * {@link PollPacing}), and stamps every probe up to the count with the time the answer arrived.
 */
final class ProbeTracker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppProcess app;
    private final String path;
    private final long pollNanos;
    private final long[] sentAt;
    private final long[] seenAt;
    private final Thread poller;
    private volatile int sent;
    private volatile int visible;
    /** Written by the poller only. */
    private volatile long requests;
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    private ProbeTracker(final AppProcess app, final String sessionId, final int capacity, final long pollNanos) {
        this.app = app;
        this.path = "/api/sessions/" + sessionId;
        this.pollNanos = pollNanos;
        this.sentAt = new long[capacity + 1];
        this.seenAt = new long[capacity + 1];
        this.poller = new Thread(this::pollUntilStopped, "bench-probe-poller");
        poller.setDaemon(true);
    }

    /** Starts polling every {@code pollInterval} for up to {@code capacity} probes of {@code sessionId}. */
    static ProbeTracker start(final AppProcess app, final String sessionId, final int capacity,
                              final java.time.Duration pollInterval) {
        final ProbeTracker tracker = new ProbeTracker(app, sessionId, capacity, pollInterval.toNanos());
        tracker.poller.start();
        return tracker;
    }

    /** Room for another probe. */
    boolean hasRoom() {
        return sent + 1 < sentAt.length;
    }

    /** Probes sent so far, i.e. the number of the last one. */
    int sent() {
        return sent;
    }

    /** Records that probe {@code sent() + 1} is sent (call just before the send) and returns its number. */
    int sending() {
        final int number = sent + 1;
        sentAt[number] = System.nanoTime();
        sent = number;
        return number;
    }

    /** A sent probe is not visible yet and less than {@code timeoutNanos} passed since the last was sent. */
    boolean waiting(final long timeoutNanos) {
        final int last = sent;
        return visible < last && System.nanoTime() - sentAt[last] < timeoutNanos;
    }

    /**
     * The latency of probe {@code number} in nanoseconds: from just before its send until the first answer that
     * counted it; -1 when it has not been seen.
     */
    long latencyNanos(final int number) {
        return number <= visible ? seenAt[number] - sentAt[number] : -1;
    }

    /** Requests sent to the app so far. */
    long requests() {
        return requests;
    }

    /** Throws when polling failed (an answer that is not a session summary). */
    void check() {
        if (failure != null) {
            throw failure;
        }
    }

    private void pollUntilStopped() {
        try {
            while (!stopped) {
                final int target = sent;
                if (visible < target) {
                    final String body = app.get(path);
                    requests++;
                    final long now = System.nanoTime();
                    // A 404 (null) until the first probe is consumed: the session does not exist yet.
                    final long count = body == null ? 0 : events(body);
                    final int upTo = (int) Math.min(count, sent);
                    for (int k = visible + 1; k <= upTo; k++) {
                        seenAt[k] = now;
                    }
                    if (upTo > visible) {
                        visible = upTo;
                    }
                }
                final int oldest = visible + 1;
                TimeUnit.NANOSECONDS.sleep(PollPacing.waitNanos(pollNanos,
                        oldest <= sent ? System.nanoTime() - sentAt[oldest] : 0));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private long events(final String summaryJson) {
        try {
            return JSON.readTree(summaryJson).path("events").asLong();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " answered no JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        poller.join(15_000);
    }
}
