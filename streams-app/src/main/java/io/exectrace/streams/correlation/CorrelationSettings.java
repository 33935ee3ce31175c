package io.exectrace.streams.correlation;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and bounds of the correlation. Event-time values are measured on each session's own clock (the latest
 * event time seen for that session); wall-clock values on the processing host's clock.
 *
 * @param intentTimeout      event time an intent waits for its submit or risk block (and an order, risk block or
 *                           error with an intent reference waits for its intent) before giving up; default 30 s
 * @param orderTimeout       event time an order waits for a fill, cancel or reject, and acks/fills/cancels wait for
 *                           their order; default 60 s
 * @param settleTime         time a chain that has ended (full fill, cancel, risk block, error) stays open to take
 *                           siblings that arrive late (an ack delivered after the fill), so arrival order does not
 *                           change latencies: it closes when this much has passed on its session's event clock or on
 *                           the arrival clock, whichever comes first; default 1 s
 * @param stuckOrderAfter    time an order may stay open without fill, cancel or reject (event or arrival clock)
 *                           before it is reported as stuck, once; default half the order timeout
 * @param idleTimeout        wall-clock time without any record for a session after which all its open chains are
 *                           closed and its correlation memory is dropped; default 5 min
 * @param idleCheckInterval  how often the stream processor looks for idle sessions (wall clock); default 10 s
 * @param memoryHorizon      event time a fingerprint (duplicate detection) or a closed chain's ids (late-event
 *                           detection) are remembered; default 10 min
 * @param memoryMaxEntries   at most this many fingerprints, and this many closed-chain ids, per session; default
 *                           20,000 each
 * @param maxCachedSessions  sessions whose decoded state the stream processor keeps in memory over its stores
 *                           (a read cache: the stores stay the truth); default 10,000
 * @param maxCachedEntries   the same cache's budget in remembered fingerprints, closed ids and open chains summed
 *                           over its sessions (roughly 40–60 bytes of heap each, chains more); least recently used
 *                           sessions leave first; default 1,000,000
 */
public record CorrelationSettings(
        Duration intentTimeout,
        Duration orderTimeout,
        Duration settleTime,
        Duration stuckOrderAfter,
        Duration idleTimeout,
        Duration idleCheckInterval,
        Duration memoryHorizon,
        int memoryMaxEntries,
        int maxCachedSessions,
        long maxCachedEntries) {

    public CorrelationSettings {
        positive(intentTimeout, "intentTimeout");
        positive(orderTimeout, "orderTimeout");
        Objects.requireNonNull(settleTime, "settleTime");
        if (settleTime.isNegative()) {
            throw new IllegalArgumentException("settleTime must not be negative");
        }
        positive(stuckOrderAfter, "stuckOrderAfter");
        positive(idleTimeout, "idleTimeout");
        positive(idleCheckInterval, "idleCheckInterval");
        positive(memoryHorizon, "memoryHorizon");
        if (memoryMaxEntries < 1) {
            throw new IllegalArgumentException("memoryMaxEntries must be >= 1");
        }
        if (maxCachedSessions < 1) {
            throw new IllegalArgumentException("maxCachedSessions must be >= 1");
        }
        if (maxCachedEntries < 1) {
            throw new IllegalArgumentException("maxCachedEntries must be >= 1");
        }
    }

    /** The defaults of the event contract (30 s intent, 60 s order, 5 min idle) and this package. */
    public static CorrelationSettings defaults() {
        return new CorrelationSettings(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMinutes(10),
                20_000, 10_000, 1_000_000L);
    }

    public CorrelationSettings withIntentTimeout(final Duration value) {
        return new CorrelationSettings(value, orderTimeout, settleTime, stuckOrderAfter, idleTimeout,
                idleCheckInterval, memoryHorizon, memoryMaxEntries, maxCachedSessions, maxCachedEntries);
    }

    public CorrelationSettings withOrderTimeout(final Duration value) {
        return new CorrelationSettings(intentTimeout, value, settleTime, stuckOrderAfter, idleTimeout,
                idleCheckInterval, memoryHorizon, memoryMaxEntries, maxCachedSessions, maxCachedEntries);
    }

    public CorrelationSettings withSettleTime(final Duration value) {
        return new CorrelationSettings(intentTimeout, orderTimeout, value, stuckOrderAfter, idleTimeout,
                idleCheckInterval, memoryHorizon, memoryMaxEntries, maxCachedSessions, maxCachedEntries);
    }

    public CorrelationSettings withStuckOrderAfter(final Duration value) {
        return new CorrelationSettings(intentTimeout, orderTimeout, settleTime, value, idleTimeout, idleCheckInterval,
                memoryHorizon, memoryMaxEntries, maxCachedSessions, maxCachedEntries);
    }

    public CorrelationSettings withIdleTimeout(final Duration value) {
        return new CorrelationSettings(intentTimeout, orderTimeout, settleTime, stuckOrderAfter, value,
                idleCheckInterval, memoryHorizon, memoryMaxEntries, maxCachedSessions, maxCachedEntries);
    }

    public CorrelationSettings withIdleCheckInterval(final Duration value) {
        return new CorrelationSettings(intentTimeout, orderTimeout, settleTime, stuckOrderAfter, idleTimeout, value,
                memoryHorizon, memoryMaxEntries, maxCachedSessions, maxCachedEntries);
    }

    public CorrelationSettings withMemory(final Duration horizon, final int maxEntries) {
        return new CorrelationSettings(intentTimeout, orderTimeout, settleTime, stuckOrderAfter, idleTimeout,
                idleCheckInterval, horizon, maxEntries, maxCachedSessions, maxCachedEntries);
    }

    public CorrelationSettings withMaxCachedSessions(final int value) {
        return new CorrelationSettings(intentTimeout, orderTimeout, settleTime, stuckOrderAfter, idleTimeout,
                idleCheckInterval, memoryHorizon, memoryMaxEntries, value, maxCachedEntries);
    }

    public CorrelationSettings withMaxCachedEntries(final long value) {
        return new CorrelationSettings(intentTimeout, orderTimeout, settleTime, stuckOrderAfter, idleTimeout,
                idleCheckInterval, memoryHorizon, memoryMaxEntries, maxCachedSessions, value);
    }

    long intentTimeoutMicros() {
        return micros(intentTimeout);
    }

    long orderTimeoutMicros() {
        return micros(orderTimeout);
    }

    long settleMicros() {
        return micros(settleTime);
    }

    /**
     * Event time a closed chain's fill waits before it enters its symbol's FIFO (fixtures/README.md, "FIFO PnL"):
     * long enough that every chain holding a fill at or before it has closed on the event clock. A fill's chain
     * closes at the latest an order timeout after its order, whose submit came at most an order timeout after the
     * fill (an order's children wait that long for it), or an intent timeout after the submit when it waits for
     * its intent; each ending event (cancel, error, risk block, full fill) can add one settle time.
     */
    long pnlHorizonMicros() {
        return Math.addExact(Math.addExact(orderTimeoutMicros(), Math.max(orderTimeoutMicros(),
                intentTimeoutMicros())), Math.multiplyExact(4, settleMicros()));
    }

    long stuckOrderAfterMicros() {
        return micros(stuckOrderAfter);
    }

    long memoryHorizonMicros() {
        return micros(memoryHorizon);
    }

    private static long micros(final Duration d) {
        return Math.multiplyExact(d.getSeconds(), 1_000_000L) + d.getNano() / 1000;
    }

    private static void positive(final Duration d, final String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
