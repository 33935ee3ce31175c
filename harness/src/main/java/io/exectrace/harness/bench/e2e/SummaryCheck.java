package io.exectrace.harness.bench.e2e;

import io.exectrace.events.Stage;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.streams.correlation.SessionSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exectrace run's answer against the generator's ground truth, once the whole input is consumed: every
 * session's distinct events by stage, duplicates and parse errors. (Chain outcomes are final only after the idle
 * timeout closed the chains still open; the synthetic-totals end-to-end test checks those.)
 *
 * <p>Input keyed otherwise than by session ({@code --key none}...) gives the same events, duplicates and stages per
 * session; only the parse errors are counted elsewhere: an invalid line counts for the session its key names, else
 * for the one the parser can still read from it, else for none. For such input the expected parse errors per
 * session are given apart ({@link ExpectedParseErrors}).
 */
final class SummaryCheck {
    private static final int SHOWN = 5;

    private SummaryCheck() {
    }

    /** Differences, at most a few; empty when the answer is right. Input keyed by session. */
    static List<String> differences(final ExpectedTotals expected, final Map<String, SessionSummary> summaries) {
        return differences(expected, summaries, null);
    }

    /**
     * Differences, at most a few; empty when the answer is right. {@code parseErrors}: the parse errors expected per
     * session (absent: none), or null for the generator's (input keyed by session).
     */
    static List<String> differences(final ExpectedTotals expected, final Map<String, SessionSummary> summaries,
                                    final Map<String, Long> parseErrors) {
        final List<String> differences = new ArrayList<>();
        // A constant key names a session of its own, which then has only parse errors.
        final java.util.Set<String> sessions = new java.util.HashSet<>();
        expected.sessions().forEach(session -> sessions.add(session.sessionId()));
        if (parseErrors != null) {
            sessions.addAll(parseErrors.keySet());
        }
        if (summaries.size() != sessions.size()) {
            differences.add(summaries.size() + " session summaries, expected " + sessions.size());
        }
        for (final ExpectedTotals.Session session : expected.sessions()) {
            final SessionSummary summary = summaries.get(session.sessionId());
            if (summary == null) {
                differences.add(session.sessionId() + ": no summary");
            } else {
                compare(session.sessionId(), "events", session.events(), summary.events(), differences);
                compare(session.sessionId(), "duplicates", session.duplicates(), summary.duplicates(), differences);
                compare(session.sessionId(), "parse errors", parseErrors == null ? session.invalid()
                        : parseErrors.getOrDefault(session.sessionId(), 0L), summary.parseErrors(), differences);
                for (final Stage stage : Stage.values()) {
                    compare(session.sessionId(), stage.label(), session.events(stage), summary.events(stage),
                            differences);
                }
            }
            if (differences.size() >= SHOWN) {
                break;
            }
        }
        return differences;
    }

    private static void compare(final String session, final String what, final long expected, final long actual,
                                final List<String> differences) {
        if (expected != actual) {
            differences.add(session + ": " + what + " " + actual + ", expected " + expected);
        }
    }
}
