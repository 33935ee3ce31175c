package io.exectrace.streams.health;

import io.exectrace.streams.app.Registry;
import io.exectrace.streams.testing.TopologyHarness;

import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/** The health stores of a {@link TopologyHarness}, typed with this package's values. */
final class HealthViews {

    private HealthViews() {
    }

    static WindowStore<String, HealthCounts> health1m(final TopologyHarness harness) {
        return harness.driver.getWindowStore(Registry.HEALTH_1M.name());
    }

    static WindowStore<String, HealthCounts> health5m(final TopologyHarness harness) {
        return harness.driver.getWindowStore(Registry.HEALTH_5M.name());
    }

    static KeyValueStore<String, SessionWatch> watches(final TopologyHarness harness) {
        return harness.driver.getKeyValueStore(Registry.SESSION_WATCH.name());
    }
}
