package io.exectrace.harness.chaos;

import io.exectrace.producer.SynthSettings;
import java.util.List;
import java.util.Map;

/**
 * One batch of the soak's sessions: the generator's settings (its own seed, so its session ids are its own), the
 * wall time it was sent, which is also where its event times start, and the ids of its sessions as sent.
 */
record SoakBatch(long seed, int sessions, long startMillis, List<String> sessionIds) {

    SoakBatch {
        sessionIds = List.copyOf(sessionIds);
    }

    /** The generator's settings of this batch. */
    SynthSettings synth() {
        return settings(seed, sessions, startMillis);
    }

    /** The generator's settings: the default shape, {@code sessions} starting chains for a few seconds. */
    static SynthSettings settings(final long seed, final int sessions, final long startMillis) {
        final SynthSettings d = SynthSettings.defaults(seed, startMillis * 1000L);
        return new SynthSettings(seed, sessions, startMillis * 1000L, sessions, -1,
                SoakSettings.BATCH_EVENT_SPAN.toNanos() / 1000L, Map.of(), d.outOfOrder(), d.duplicates(),
                d.invalid(), d.ledgerShare(), Map.of());
    }

}
