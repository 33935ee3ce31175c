package io.exectrace.streams.correlation;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.streams.ingest.SessionInput;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs the correlation for any number of sessions: takes {@link SessionInput}s in arrival order, keeps each
 * session's {@link SessionSummary}, latency profiles and open chains, and hands every chain that closes to the
 * listener. The same code serves the offline viewer (state in memory, {@link #SessionAnalyzer(CorrelationSettings,
 * Consumer)}) and the stream processor (state in Kafka Streams stores, see {@link SessionProcessor}).
 *
 * <p>Per record: a redelivery (fingerprint still remembered) only counts as a duplicate; a distinct event is
 * counted in the summary, advances the session clock, expires chains that are due on that clock, and is linked.
 * Wall-clock time only enters through {@code wallMillis} (last-seen time), {@link #closeIdleSessions} and, in the
 * stream processor, the arrival clock: there {@code wallMillis} is the record's arrival clock, ended chains also
 * settle on it, and {@link #settleAndReport} closes the ones due and reports stuck orders between records. The
 * file reader runs on event time alone. Not thread-safe.
 */
public final class SessionAnalyzer {
    private final SessionStates states;
    private final InMemorySessionStates memory;
    private final ChainCorrelator correlator;
    private final Consumer<ClosedChain> listener;
    private final long horizonMicros;
    private final int maxEntries;
    private final long idleMillis;
    /** Whether {@code wallMillis} is an arrival clock that ended chains settle on (the stream) or not (files). */
    private final boolean arrivalClock;
    private final InFlightRegistry inFlight;

    /** An analyzer with all state in memory, for reading files: event time only. */
    public SessionAnalyzer(final CorrelationSettings settings, final Consumer<ClosedChain> listener) {
        this(settings, new InMemorySessionStates(), listener, false);
    }

    SessionAnalyzer(final CorrelationSettings settings, final SessionStates states,
                    final Consumer<ClosedChain> listener) {
        this(settings, states, listener, false);
    }

    /**
     * @param arrivalClock whether the {@code wallMillis} handed in is the records' arrival clock, on which ended
     *                     chains also settle and orders become stuck
     */
    SessionAnalyzer(final CorrelationSettings settings, final SessionStates states,
                    final Consumer<ClosedChain> listener, final boolean arrivalClock) {
        this.arrivalClock = arrivalClock;
        this.states = Objects.requireNonNull(states, "states");
        this.memory = states instanceof InMemorySessionStates m ? m : null;
        this.correlator = new ChainCorrelator(settings);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.horizonMicros = settings.memoryHorizonMicros();
        this.maxEntries = settings.memoryMaxEntries();
        this.idleMillis = settings.idleTimeout().toMillis();
        this.inFlight = new InFlightRegistry(correlator);
    }

    /**
     * Takes one record attributed to {@code sessionId}.
     *
     * @param wallMillis wall-clock time of arrival (epoch ms), used only for idleness
     */
    public void accept(final String sessionId, final SessionInput input, final long wallMillis) {
        accept(sessionId, input, wallMillis, wallMillis);
    }

    /**
     * Takes one record attributed to {@code sessionId}, with the arrival clock its session's ended chains settle on
     * (used only by analyzers built with an arrival clock).
     *
     * @param wallMillis    wall-clock time of arrival (epoch ms), used for idleness
     * @param arrivalMillis the task's newest arrival time, {@link OpenChain#ABSENT} when unknown
     */
    public void accept(final String sessionId, final SessionInput input, final long wallMillis,
                       final long arrivalMillis) {
        final SessionState s = states.acquire(sessionId);
        s.summary.touch(wallMillis);
        if (arrivalClock) {
            s.arrivalNow = arrivalMillis;
        }
        if (input.isValid()) {
            acceptEvent(s, input.event());
        } else {
            s.summary.recordParseError(input.parseError());
        }
        states.commit(s);
        if (arrivalClock) {
            // Only the arrival clock's settling and stuck-order reports read the registry; files never do.
            inFlight.noteChanged(s);
        }
    }

    /** Takes one valid event, attributed to its own session id. */
    public void accept(final ExecutionEvent event, final long wallMillis) {
        accept(event.sessionId(), SessionInput.valid(event), wallMillis);
    }

    private void acceptEvent(final SessionState s, final ExecutionEvent e) {
        if (s.fingerprints.contains(e.fingerprint())) {
            s.summary.duplicates++;
            return;
        }
        s.rememberFingerprint(e.fingerprint(), e.tsMicros());
        s.summary.recordEvent(e);
        correlator.apply(s, e, listener);
        s.evictMemories(horizonMicros, maxEntries);
    }

    /**
     * On the arrival clock at {@code arrivalNow}: closes the ended chains whose settle time has passed, and reports
     * the orders that became stuck (once each). Returns the number of sessions looked at. Only for analyzers built
     * with an arrival clock: the others keep no in-flight registry.
     */
    public int settleAndReport(final long arrivalNow, final Consumer<StuckOrder> stuck) {
        inFlight.refresh();
        final List<String> due = inFlight.dueAt(arrivalNow);
        for (final String sessionId : due) {
            final SessionState s = states.acquire(sessionId);
            s.arrivalNow = arrivalNow;
            correlator.expire(s, listener);
            correlator.reportStuckOrders(s, arrivalNow, stuck);
            states.commit(s);
            inFlight.update(s);
        }
        return due.size();
    }

    /** Whether {@link #settleAndReport} would have anything to do at {@code arrivalNow}. */
    public boolean anythingDueAt(final long arrivalNow) {
        inFlight.refresh();
        return inFlight.anyDueAt(arrivalNow);
    }

    /** The open orders of every session, as of the last {@link #settleAndReport} or {@link #anythingDueAt}. */
    List<InFlightRegistry.OpenOrder> openOrders() {
        return inFlight.openOrders();
    }

    /** Reads every session that has open chains into the in-flight registry (after a restart). */
    public int loadInFlight() {
        final List<String> open = states.sessionsWithOpenChains();
        for (final String sessionId : open) {
            inFlight.update(states.acquire(sessionId));
        }
        return open.size();
    }

    /**
     * Closes every session that has received nothing for the idle timeout: all its open chains close (see
     * {@link ChainCorrelator#closeAll}), its duplicate and closed-id memories are dropped, and its summary is
     * marked idle-closed. Returns the number of sessions closed.
     */
    public int closeIdleSessions(final long nowWallMillis) {
        final List<String> idle = states.idleSessions(nowWallMillis - idleMillis);
        for (final String sessionId : idle) {
            closeSession(sessionId);
        }
        return idle.size();
    }

    /** Closes every session regardless of wall-clock time (end of a file); the state of a fixture's expectation. */
    public int closeAll() {
        final List<String> open = states.idleSessions(Long.MAX_VALUE);
        for (final String sessionId : open) {
            closeSession(sessionId);
        }
        return open.size();
    }

    private void closeSession(final String sessionId) {
        final SessionState s = states.acquire(sessionId);
        correlator.closeAll(s, listener);
        s.clearMemories();
        s.summary.idleClosed = true;
        states.commit(s);
        inFlight.update(s);
        states.release(s);
    }

    /** The summary of a session, or null when it has received nothing (in-memory analyzers only; live view). */
    public SessionSummary summary(final String sessionId) {
        final SessionState s = inMemory().get(sessionId);
        return s == null ? null : s.summary;
    }

    /** The latency profiles of a session, or null when it has received nothing (in-memory analyzers only). */
    public SessionLatencies latencies(final String sessionId) {
        final SessionState s = inMemory().get(sessionId);
        return s == null ? null : new SessionLatencies(s.latency, s.loadedSymbolLatency());
    }

    /** Every session seen, sorted (in-memory analyzers only). */
    public List<String> sessionIds() {
        return inMemory().sessionIds();
    }

    SessionState state(final String sessionId) {
        return inMemory().get(sessionId);
    }

    private InMemorySessionStates inMemory() {
        if (memory == null) {
            throw new IllegalStateException("this analyzer keeps its state in stores; query the stores");
        }
        return memory;
    }
}
