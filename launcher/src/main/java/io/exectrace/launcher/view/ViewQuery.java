package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Stage;
import io.exectrace.events.ChainOutcome;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.events.IsoTimestamp;
import java.util.Set;

/**
 * The viewer's filters, applied the same way to events read from files and to objects answered by the API.
 *
 * @param session    session id, or null for all
 * @param stages     stages to keep, or null for all
 * @param symbol     symbol, or null for all
 * @param fromMicros earliest event time kept (inclusive), {@link Long#MIN_VALUE} for no bound
 * @param toMicros   latest event time kept (inclusive), {@link Long#MAX_VALUE} for no bound
 * @param outcome    chain outcome (chain listings), or null for all
 * @param limit      at most this many rows from the start, 0 for no limit
 * @param last       only the last this many rows, 0 for all
 */
record ViewQuery(String session, Set<Stage> stages, String symbol, long fromMicros, long toMicros,
                 ChainOutcome outcome, int limit, int last) {

    static final long NO_FROM = Long.MIN_VALUE;
    static final long NO_TO = Long.MAX_VALUE;

    boolean hasTimeRange() {
        return fromMicros != NO_FROM || toMicros != NO_TO;
    }

    /** True when the event's session, symbol and time pass (the stage is checked by {@link #matches}). */
    boolean selects(final ExecutionEvent e) {
        return (session == null || session.equals(e.sessionId()))
                && (symbol == null || symbol.equals(e.symbol()))
                && e.tsMicros() >= fromMicros && e.tsMicros() <= toMicros;
    }

    boolean matches(final ExecutionEvent e) {
        return selects(e) && (stages == null || stages.contains(e.stage()));
    }

    /** The same filter over an event in its JSON form (as the timeline API answers it). */
    boolean matchesEvent(final JsonNode e) {
        if (session != null && !session.equals(e.path("session_id").asText(null))) {
            return false;
        }
        if (symbol != null && !symbol.equals(e.path("symbol").asText(null))) {
            return false;
        }
        if (stages != null && !stages.contains(Stage.fromLabel(e.path("stage").asText(null)))) {
            return false;
        }
        return inRange(e.path("ts").asText(null));
    }

    boolean matches(final ClosedChain c) {
        return (session == null || session.equals(c.sessionId()))
                && (symbol == null || symbol.equals(c.symbol()))
                && (outcome == null || outcome == c.outcome())
                && c.firstEventTsMicros() >= fromMicros && c.firstEventTsMicros() <= toMicros;
    }

    /** The same filter over a chain in its JSON form (as the chains API answers it). */
    boolean matchesChain(final JsonNode c) {
        if (session != null && !session.equals(c.path("session_id").asText(null))) {
            return false;
        }
        if (symbol != null && !symbol.equals(c.path("symbol").asText(null))) {
            return false;
        }
        if (outcome != null && !outcome.label().equals(c.path("outcome").asText(null))) {
            return false;
        }
        return inRange(c.path("first_event_ts").asText(null));
    }

    private boolean inRange(final String ts) {
        if (!hasTimeRange()) {
            return true;
        }
        if (ts == null) {
            return false;
        }
        final long micros = IsoTimestamp.parseInstant(ts);
        return micros >= fromMicros && micros <= toMicros;
    }
}
