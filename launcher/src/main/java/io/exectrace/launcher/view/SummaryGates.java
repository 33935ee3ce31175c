package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The regression gates decided from a session summary's numbers alone: what {@code --check} can say when the
 * summary comes from the API, where the lines themselves are not at hand.
 */
final class SummaryGates {
    private SummaryGates() {
    }

    static List<Finding> findings(final JsonNode summary, final double maxInvalidRate) {
        final String session = summary.path("session_id").asText();
        final List<Finding> findings = new ArrayList<>();
        final long invalid = summary.path("parse_errors").asLong();
        final double rate = summary.path("parse_error_rate").asDouble(0);
        if (invalid > 0 && rate > maxInvalidRate) {
            findings.add(Finding.ofSession(session, "parse_error_rate", invalid + " of "
                    + summary.path("records").asLong() + " records invalid (" + Durations.percent(rate)
                    + "), allowed " + Durations.percent(maxInvalidRate)));
        }
        final JsonNode quality = summary.path("data_quality");
        count(findings, session, "backward_jump", quality.path("backward_jumps").asLong(),
                "event(s) more than 1 s earlier than the previous event");
        count(findings, session, "gap_over_1h", quality.path("gaps_over_1h").asLong(),
                "gap(s) of more than 1 h between consecutive events");
        count(findings, session, "negative_latency", quality.path("negative_latencies").asLong(),
                "latency edge(s) negative (clock problem)");
        return findings;
    }

    private static void count(final List<Finding> findings, final String session, final String gate,
                              final long n, final String what) {
        if (n > 0) {
            findings.add(Finding.ofSession(session, gate, n + " " + what));
        }
    }
}
