package io.exectrace.launcher.view;

import io.exectrace.events.ParseResult;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.SessionSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the findings of {@code --check} over files: line findings as they come, invalid lines held per session
 * until the session's parse error rate is known (they are findings only when the rate is above the allowed one).
 * Each session and gate lists at most {@link FileView#FINDINGS_PER_GATE} findings and counts the rest.
 */
final class GateCollector {
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, List<Finding>> invalidLines = new HashMap<>();
    private final Map<String, Integer> listed = new HashMap<>();
    private final Map<String, Long> overflow = new HashMap<>();

    void lineFinding(final LogInput input, final long line, final String session, final String gate,
                     final String detail) {
        if (take(session, gate)) {
            findings.add(new Finding(input.name() + ":" + line, session, gate, detail));
        }
    }

    void invalidLine(final LogInput input, final long line, final String session,
                     final ParseResult.Invalid invalid) {
        if (take(session, "invalid_line")) {
            invalidLines.computeIfAbsent(session, k -> new ArrayList<>()).add(new Finding(input.name() + ":" + line,
                    session, "invalid_line", invalid.reason().name() + ": " + invalid.detail()));
        }
    }

    void chainClosed(final ClosedChain chain) {
        if (chain.clockProblems() > 0 && take(chain.sessionId(), "negative_latency")) {
            findings.add(Finding.ofSession(chain.sessionId(), "negative_latency", chain.clockProblems()
                    + " latency edge(s) negative (clock problem) in the " + chain.outcome().label() + " chain of "
                    + chain.symbol() + " intent " + chain.intentId() + " order " + chain.orderId()));
        }
    }

    /** Decides the session's rate gate and reports what was only counted. */
    void sessionDone(final SessionSummary s, final double maxInvalidRate) {
        final String session = s.sessionId();
        final long invalid = s.parseErrors();
        if (invalid > 0 && s.parseErrorRate() > maxInvalidRate) {
            final long all = invalid + s.events() + s.duplicates();
            findings.add(Finding.ofSession(session, "parse_error_rate", invalid + " of " + all
                    + " records invalid (" + Durations.percent(s.parseErrorRate()) + "), allowed "
                    + Durations.percent(maxInvalidRate)));
            findings.addAll(invalidLines.getOrDefault(session, List.of()));
            more(session, "invalid_line");
        }
        more(session, "backward_jump");
        more(session, "gap_over_1h");
        more(session, "negative_latency");
    }

    List<Finding> findings() {
        return findings;
    }

    private boolean take(final String session, final String gate) {
        final String key = session + '\u0000' + gate;
        final int n = listed.merge(key, 1, Integer::sum);
        if (n > FileView.FINDINGS_PER_GATE) {
            overflow.merge(key, 1L, Long::sum);
            return false;
        }
        return true;
    }

    private void more(final String session, final String gate) {
        final Long extra = overflow.get(session + '\u0000' + gate);
        if (extra != null) {
            findings.add(Finding.ofSession(session, gate, extra + " more " + gate + " finding(s) not listed"));
        }
    }
}
