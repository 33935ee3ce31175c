package io.exectrace.streams.correlation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream task's view of its sessions that have open chains: when each next needs a look on the arrival clock
 * (an ended chain's settle time, an order becoming stuck) and its open orders for the open-orders gauge. Kept in
 * memory and refreshed from the decoded sessions that changed (at most once per session per refresh, never per
 * record); after a restart it is rebuilt from the sessions the stores hold with open chains.
 */
final class InFlightRegistry {
    /** An order not yet ended, for the gauge. */
    record OpenOrder(String mode, String exchange, long orderArrivalMillis, long eventAgeMillis) {
    }

    /** What the registry keeps of one session. */
    record Entry(long settleDueMillis, long stuckDueMillis, List<OpenOrder> orders) {
        boolean dueAt(final long arrivalNow) {
            return arrivalNow > settleDueMillis || arrivalNow > stuckDueMillis;
        }
    }

    private final ChainCorrelator correlator;
    private final Map<String, Entry> sessions = new HashMap<>();
    /** Sessions whose chains changed since the last refresh; the newest decoded state of each. */
    private final LinkedHashMap<String, SessionState> changed = new LinkedHashMap<>();

    InFlightRegistry(final ChainCorrelator correlator) {
        this.correlator = correlator;
    }

    /** After a session's state was changed: remembers it for the next refresh (cheap when already remembered). */
    void noteChanged(final SessionState s) {
        if (s.inFlightChanged) {
            s.inFlightChanged = false;
            changed.put(s.sessionId, s);
        }
    }

    /** Takes in every session remembered since the last refresh. */
    void refresh() {
        if (changed.isEmpty()) {
            return;
        }
        for (final SessionState s : changed.values()) {
            read(s);
        }
        changed.clear();
    }

    /** Re-reads one session now. */
    void update(final SessionState s) {
        changed.remove(s.sessionId);
        read(s);
    }

    private void read(final SessionState s) {
        s.inFlightChanged = false;
        if (s.chains.isEmpty()) {
            sessions.remove(s.sessionId);
            return;
        }
        long settleDue = Long.MAX_VALUE;
        for (final OpenChain c : s.settling) {
            settleDue = Math.min(settleDue, c.settleDueMillis);
        }
        s.settleDueLowerBound = settleDue;
        List<OpenOrder> orders = List.of();
        for (final OpenChain c : s.chains) {
            if (c.hasOrder() && c.endReason() == null) {
                if (orders.isEmpty()) {
                    orders = new ArrayList<>(2);
                }
                orders.add(new OpenOrder(c.mode, c.exchange, c.orderArrivalMillis,
                        Math.floorDiv(s.clock() - c.submitTs, 1_000L)));
            }
        }
        sessions.put(s.sessionId, new Entry(settleDue, correlator.stuckDueMillis(s), orders));
    }

    /** Sessions with something due on the arrival clock at {@code arrivalNow} (call {@link #refresh} first). */
    List<String> dueAt(final long arrivalNow) {
        List<String> due = List.of();
        for (final Map.Entry<String, Entry> e : sessions.entrySet()) {
            if (e.getValue().dueAt(arrivalNow)) {
                if (due.isEmpty()) {
                    due = new ArrayList<>();
                }
                due.add(e.getKey());
            }
        }
        if (due.size() > 1) {
            due.sort(null);
        }
        return due;
    }

    /** Whether anything is due at {@code arrivalNow}, without listing it. */
    boolean anyDueAt(final long arrivalNow) {
        for (final Entry e : sessions.values()) {
            if (e.dueAt(arrivalNow)) {
                return true;
            }
        }
        return false;
    }

    /** Every open order of the task's sessions, as of the last refresh. */
    List<OpenOrder> openOrders() {
        final List<OpenOrder> all = new ArrayList<>();
        for (final Entry e : sessions.values()) {
            all.addAll(e.orders());
        }
        return all;
    }

    int sessions() {
        return sessions.size();
    }
}
