package io.exectrace.harness.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The freshness probes: one valid dialect-B {@code signal} event per probe for a session of its own, stamped with
 * the wall clock. A signal opens no chain, so each probe adds exactly one to the session's {@code events}; the
 * sequence number makes every probe's bytes (its fingerprint) distinct, so none counts as a duplicate.
 */
final class ProbeEvents {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final String sessionId;

    ProbeEvents(final String sessionId) {
        this.sessionId = sessionId;
    }

    String sessionId() {
        return sessionId;
    }

    /** Probe number {@code sequence} as a JSON line. */
    byte[] line(final long sequence, final Instant now) {
        return ("{\"ts\":\"" + TS.format(now) + "\",\"mode\":\"shadow\",\"run_id\":\"" + sessionId
                + "\",\"stage\":\"signal\",\"strategy_id\":\"freshness\",\"symbol\":\"PROBE\",\"exchange\":\"bench\","
                + "\"correlation_id\":\"probe-" + sequence + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
