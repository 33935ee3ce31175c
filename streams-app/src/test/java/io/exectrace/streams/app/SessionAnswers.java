package io.exectrace.streams.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * What the viewer or the pipeline answers for an input, in the JSON of {@code view --summary --json} and
 * {@code view --chains --json} (the API's too): every session's summary and every closed chain.
 *
 * @param summaries session id → summary ({@code SessionSummaryJson}, latency percentiles included)
 * @param chains    session id → its closed chains ({@code ClosedChainJson}), in the order they closed
 */
record SessionAnswers(Map<String, ObjectNode> summaries, Map<String, List<ObjectNode>> chains) {

    SessionAnswers {
        summaries = Map.copyOf(summaries);
        chains = Map.copyOf(chains);
    }

    long chainCount() {
        return chains.values().stream().mapToLong(List::size).sum();
    }

    /** Records counted over all sessions: events, duplicates and parse errors. */
    long records() {
        return summaries.values().stream().mapToLong(s -> s.get("records").asLong()).sum();
    }
}
