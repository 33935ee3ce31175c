package io.exectrace.streams.correlation;

import io.exectrace.streams.ingest.InputBacklog;
import java.util.function.Supplier;

/**
 * The idle clock of one stream task: the arrival time (Kafka timestamp on the input topic) of the newest record
 * the task has processed, plus the wall time that has passed since it was processed, never ahead of wall time.
 *
 * <p>Why not plain wall time: a task that processes a backlog (after a restart, a broker outage or a slow spell)
 * would otherwise see every session whose next records still wait in that backlog as silent, and close it early;
 * the outcome would depend on how fast the backlog was worked off. On this clock a session is idle when nothing
 * of it ARRIVED for the idle timeout, which is what an undisturbed run sees. When the task is caught up the clock
 * equals wall time (minus the transport delay), so a producer that stops still gets its sessions closed.
 *
 * <p>Wall time only counts while the task is caught up with its input ({@link InputBacklog}): a task that is
 * behind (restarted with a backlog, stalled by a rebalance or a broker outage) holds its clock at the newest
 * arrival it has seen. When the backlog cannot be known, a task that has not processed a record since it started
 * waits one idle timeout for a first record before it judges idleness on wall time. Inputs with no known arrival
 * time (an old record format, a producer without timestamps) count as arriving when processed.
 */
final class ArrivalClock {
    /** {@link #idleJudgedAt} before the clock may judge idleness. */
    static final long NOT_YET = Long.MIN_VALUE;

    private final long startedWallMillis;
    private final long graceMillis;
    private long newestArrivalMillis = -1;
    private long processedAtWallMillis;
    /** Wall time the task last processed any record ({@link Long#MIN_VALUE} before the first). */
    private long lastRecordWallMillis = Long.MIN_VALUE;

    /**
     * @param startedWallMillis wall time the task (re)started
     * @param graceMillis       how long a task without any record yet waits before it trusts wall time
     */
    ArrivalClock(final long startedWallMillis, final long graceMillis) {
        this.startedWallMillis = startedWallMillis;
        this.graceMillis = graceMillis;
    }

    /**
     * Advances the clock for a record processed at {@code nowWallMillis} and returns the clock's time for it,
     * the session's new last-seen time.
     *
     * @param arrivalMillis the record's arrival time, negative when unknown
     */
    long onRecord(final long arrivalMillis, final long nowWallMillis) {
        lastRecordWallMillis = nowWallMillis;
        if (arrivalMillis >= 0 && arrivalMillis > newestArrivalMillis) {
            newestArrivalMillis = arrivalMillis;
            processedAtWallMillis = nowWallMillis;
        }
        return newestArrivalMillis < 0 ? nowWallMillis : read(nowWallMillis);
    }

    /**
     * The clock at {@code nowWallMillis} for the idle check, or {@link #NOT_YET} when idleness cannot be judged.
     *
     * @param backlogPending whether input is waiting for the task ({@link InputBacklog}): while it is, wall time
     *                       does not count (the task has not seen what arrived meanwhile); null when unknown, then a
     *                       task without any record yet waits its grace time before it trusts wall time
     */
    long idleJudgedAt(final long nowWallMillis, final Boolean backlogPending) {
        if (Boolean.TRUE.equals(backlogPending)) {
            return newestArrivalMillis >= 0 ? Math.min(nowWallMillis, newestArrivalMillis) : NOT_YET;
        }
        if (newestArrivalMillis >= 0) {
            return read(nowWallMillis);
        }
        if (Boolean.FALSE.equals(backlogPending)) {
            return nowWallMillis;
        }
        return nowWallMillis - startedWallMillis >= graceMillis ? nowWallMillis : NOT_YET;
    }

    /**
     * The newest arrival time the task has processed, without any wall time added; {@link OpenChain#ABSENT} while
     * none is known. Settling before a record uses this: it depends only on the records in partition order, so a
     * backlog settles exactly what an undisturbed run settles, however long the task took between two records.
     */
    long newestArrival() {
        return newestArrivalMillis < 0 ? OpenChain.ABSENT : newestArrivalMillis;
    }

    /**
     * The clock for settling between records: while the task is busy (it processed a record within the last
     * {@code quietMillis} of wall time) only the arrivals count, since records may wait in its buffer even when the
     * consumer shows no lag; once it has been quiet that long, wall time counts as for {@link #idleJudgedAt}.
     *
     * @param backlogPending asked only when the task is quiet (see {@link #idleJudgedAt})
     */
    long settleJudgedAt(final long nowWallMillis, final long quietMillis,
                        final Supplier<Boolean> backlogPending) {
        if (lastRecordWallMillis != Long.MIN_VALUE && nowWallMillis - lastRecordWallMillis < quietMillis) {
            return newestArrivalMillis < 0 ? NOT_YET : newestArrivalMillis;
        }
        return idleJudgedAt(nowWallMillis, backlogPending.get());
    }

    /** {@link #settleJudgedAt} as if the task were caught up, without asking for its backlog (a cheap first look). */
    long settlePlainReading(final long nowWallMillis, final long quietMillis) {
        return settleJudgedAt(nowWallMillis, quietMillis, () -> Boolean.FALSE);
    }

    /** Whether the task processed a record within the last {@code millis} of wall time. */
    boolean processedWithin(final long nowWallMillis, final long millis) {
        return lastRecordWallMillis != Long.MIN_VALUE && nowWallMillis - lastRecordWallMillis < millis;
    }

    private long read(final long nowWallMillis) {
        final long sinceProcessed = Math.max(0, nowWallMillis - processedAtWallMillis);
        return Math.min(nowWallMillis, newestArrivalMillis + sinceProcessed);
    }
}
