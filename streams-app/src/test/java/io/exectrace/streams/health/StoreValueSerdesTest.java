package io.exectrace.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StoreValueSerdesTest {

    @Test
    void healthCountsRoundTripWithAndWithoutLatencies() {
        final HealthCountsSerde serde = new HealthCountsSerde();
        final HealthCounts empty = HealthCounts.EMPTY;
        final HealthCounts full = new HealthCounts(1, 2, 3, 4, 5, 6, 7, 8,
                new long[] {12_000_000L, 11_000_000L, 500L});
        assertThat(serde.deserialize("t", serde.serialize("t", empty))).isEqualTo(empty);
        assertThat(serde.deserialize("t", serde.serialize("t", full))).isEqualTo(full);
        assertThat(serde.serialize("t", empty)).hasSize(66);
    }

    @Test
    void sessionWatchRoundTripsWithAndWithoutMode() {
        final SessionWatchSerde serde = new SessionWatchSerde();
        final SessionWatch fresh = new SessionWatch(null, SessionWatch.NO_TIME, SessionWatch.NO_TIME, 5L, false,
                false, 3);
        final SessionWatch live = new SessionWatch("päper", 1_766_224_800_000_123L, 1_766_224_800_000L,
                1_766_224_801_000L, true, true, 0);
        assertThat(serde.deserialize("t", serde.serialize("t", fresh))).isEqualTo(fresh);
        assertThat(serde.deserialize("t", serde.serialize("t", live))).isEqualTo(live);
    }

    @Test
    void alertJsonNamesWallClockFieldsAndRoundTrips() {
        final AlertSerde serde = new AlertSerde();
        final Alert windowed = new Alert(AlertType.ERROR_RATE, "run-7", "shadow", 1_766_224_560_000L,
                1_766_224_860_000L, 0.25, 0.1, "ratio", 1_766_224_860_000L, "5 of 20 events in 5 min were errors",
                -1L);
        final String json = new String(serde.serialize("t", windowed), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"type\":\"error_rate\",\"severity\":\"P1\",\"session_id\":\"run-7\","
                + "\"mode\":\"shadow\",\"window_start\":\"2025-12-20T09:56:00Z\",\"window_end\":\"2025-12-20T10:01:00Z\","
                + "\"value\":0.25,\"threshold\":0.1,\"unit\":\"ratio\",\"event_time\":\"2025-12-20T10:01:00Z\","
                + "\"detail\":\"5 of 20 events in 5 min were errors\",\"wall_clock_detected_at\":null}");
        assertThat(serde.deserialize("t", serde.serialize("t", windowed))).isEqualTo(windowed);

        final Alert silent = new Alert(AlertType.NO_EVENTS, "run-8", "live", -1L, -1L, 301.5, 300, "seconds",
                1_766_224_800_000L, "silent", 1_766_225_101_500L);
        assertThat(serde.deserialize("t", serde.serialize("t", silent))).isEqualTo(silent);
        assertThatThrownBy(() -> serde.deserialize("t", "{\"type\":\"nope\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }
}
