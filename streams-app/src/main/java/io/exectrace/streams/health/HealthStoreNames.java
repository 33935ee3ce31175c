package io.exectrace.streams.health;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The stores both health processors work on, by their names in the topology: the 1-minute and 5-minute health
 * windows and the sessions' watches.
 */
record HealthStoreNames(String oneMinute, String fiveMinutes, String watches) {

    /** The sessions' watches, from a processor's context in {@code init}. */
    KeyValueStore<String, SessionWatch> watchStore(final ProcessorContext<?, ?> context) {
        return context.getStateStore(watches);
    }

    /** The health windows, from a processor's context in {@code init}. */
    HealthWindows windows(final ProcessorContext<?, ?> context) {
        final WindowStore<String, HealthCounts> oneMinuteStore = context.getStateStore(oneMinute);
        final WindowStore<String, HealthCounts> fiveMinuteStore = context.getStateStore(fiveMinutes);
        return new HealthWindows(oneMinuteStore, fiveMinuteStore);
    }
}
