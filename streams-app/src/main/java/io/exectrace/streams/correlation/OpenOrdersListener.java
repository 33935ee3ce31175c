package io.exectrace.streams.correlation;

import java.util.Map;

/** Receives each stream task's open orders, counted by mode, exchange and age bucket (for the open-orders gauge). */
public interface OpenOrdersListener {
    /** Age bucket of an order open for less than half the stuck-order time. */
    String FRESH = "fresh";
    /** Age bucket of an order open for half the stuck-order time or more, but not yet stuck. */
    String WAITING = "waiting";
    /** Age bucket of an order open for the stuck-order time or longer (the stuck-order alert has fired). */
    String STUCK = "stuck";

    /** Mode, exchange and age bucket of open orders (mode and exchange raw, null when the events carry none). */
    record Bucket(String mode, String exchange, String age) {
    }

    /** Listens to nothing. */
    OpenOrdersListener NONE = new OpenOrdersListener() {
        @Override
        public void openOrders(final String task, final Map<Bucket, Integer> counts) {
            // not counted
        }

        @Override
        public void taskClosed(final String task) {
            // not counted
        }
    };

    /** The open orders of one task now, replacing what the task reported before. */
    void openOrders(String task, Map<Bucket, Integer> counts);

    /** The task left this instance: its orders no longer count here. */
    void taskClosed(String task);
}
