package io.exectrace.harness.bench;

import io.exectrace.harness.chaos.InputKeying;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code bench freshness} runs.
 *
 * @param rate                background load, synthetic records per second, paced in wall time
 * @param sessions            sessions of the background load
 * @param duration            measured time
 * @param warmup              time before it, probes sent but not counted
 * @param probeInterval       time between two event-count probes, and between two chains of the busy session,
 *                            sent on schedule
 * @param pollInterval        time between two polls of the probe session's summary while a probe is outstanding,
 *                            and between two rounds over the chains of the sessions with an outstanding outcome
 *                            probe
 * @param silentProbeInterval time between two silent-session outcome probes
 * @param outcomeTimeout      an outcome probe whose chain is not seen closed as {@code filled} after this long
 *                            counts as not seen, and fails the run
 * @param threads             {@code stream.threads} of the app; every other setting is exectrace's default
 * @param seed                seed of the background load
 * @param workDir             broker data, app state, config and log
 * @param keying              how the background load and the probes are keyed ({@code --key}): by session id, or
 *                            otherwise through the app's reorder stage
 */
record FreshnessSettings(double rate, int sessions, Duration duration, Duration warmup, Duration probeInterval,
                         Duration pollInterval, Duration silentProbeInterval, Duration outcomeTimeout, int threads,
                         long seed, Path workDir, InputKeying keying) {

    /** A probe not visible after this long is counted as never visible, and fails the run. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    FreshnessSettings {
        java.util.Objects.requireNonNull(keying, "keying");
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be a positive number of events/s, got " + rate);
        }
        if (sessions <= 0 || threads <= 0) {
            throw new IllegalArgumentException("--sessions and --threads must be positive");
        }
        if (probeInterval.isNegative() || probeInterval.isZero() || pollInterval.isNegative()
                || pollInterval.isZero()) {
            throw new IllegalArgumentException("--probe-interval and --poll-interval must be positive");
        }
        if (silentProbeInterval.isNegative() || silentProbeInterval.isZero() || outcomeTimeout.isNegative()
                || outcomeTimeout.isZero()) {
            throw new IllegalArgumentException("--silent-probe-interval and --outcome-timeout must be positive");
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
    }
}
