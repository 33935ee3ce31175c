package io.exectrace.streams.venue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of a reconciliation store with fills still undecided, and when their last record arrived: the window
 * is checked on these only, not on the whole store (which keeps every order of a retention). Rebuilt from the store
 * at start.
 */
final class PendingEntries {
    private final Map<String, Long> lastArrival = new HashMap<>();

    /** Notes what {@code sides}, the entry now stored under {@code key}, has pending. */
    void track(final String key, final OrderSides sides) {
        if (sides.nothingPending()) {
            lastArrival.remove(key);
        } else {
            lastArrival.put(key, sides.lastArrivalMillis());
        }
    }

    /** Whether the entry under {@code key} has fills undecided. */
    boolean has(final String key) {
        return lastArrival.containsKey(key);
    }

    void forget(final String key) {
        lastArrival.remove(key);
    }

    /** The keys whose last arrival is at least {@code waitMillis} before {@code now}, sorted (the same order on every run). */
    List<String> due(final long now, final long waitMillis) {
        final List<String> due = new ArrayList<>();
        lastArrival.forEach((key, last) -> {
            if (last + waitMillis <= now) {
                due.add(key);
            }
        });
        due.sort(null);
        return due;
    }
}
