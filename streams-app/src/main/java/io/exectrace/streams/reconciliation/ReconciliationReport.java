package io.exectrace.streams.reconciliation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reconciliation decided.
 *
 * @param bySession     every session's decisions in time order, sessions sorted by id (a session with orders but no
 *                      fills has an empty list)
 * @param unknownOrders venue fills that match no order of ours ({@code missing_in_ledger} at venue level, belonging
 *                      to no session), in time order
 */
public record ReconciliationReport(Map<String, List<ReconciledFill>> bySession, List<ReconciledFill> unknownOrders) {

    public ReconciliationReport {
        final Map<String, List<ReconciledFill>> copy = new LinkedHashMap<>();
        bySession.forEach((id, fills) -> copy.put(id, List.copyOf(fills)));
        bySession = Collections.unmodifiableMap(copy);
        unknownOrders = List.copyOf(unknownOrders);
    }

    /** How many decisions of each result, every result present (0 when none), in {@link ReconciliationResult} order. */
    public static Map<ReconciliationResult, Integer> counts(final List<ReconciledFill> fills) {
        final Map<ReconciliationResult, Integer> counts = new EnumMap<>(ReconciliationResult.class);
        for (final ReconciliationResult result : ReconciliationResult.values()) {
            counts.put(result, 0);
        }
        fills.forEach(f -> counts.merge(f.result(), 1, Integer::sum));
        return counts;
    }
}
