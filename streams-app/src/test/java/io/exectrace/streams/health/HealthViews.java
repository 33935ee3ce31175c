package io.exectrace.streams.health;

import io.exectrace.streams.app.ExectraceTopology;
import io.exectrace.streams.testing.TopologyHarness;

import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/** The health stores of a {@link TopologyHarness}, typed with this package's values. */
final class HealthViews {

    private HealthViews() {
    }

    static WindowStore<String, HealthCounts> health1m(final TopologyHarness harness) {
        return harness.driver.getWindowStore(ExectraceTopology.HEALTH_1M_STORE);
    }

    static WindowStore<String, HealthCounts> health5m(final TopologyHarness harness) {
        return harness.driver.getWindowStore(ExectraceTopology.HEALTH_5M_STORE);
    }

    static KeyValueStore<String, SessionWatch> watches(final TopologyHarness harness) {
        return harness.driver.getKeyValueStore(ExectraceTopology.SESSION_WATCH_STORE);
    }
}
