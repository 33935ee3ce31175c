package io.exectrace.harness.chaos;

import java.time.Duration;

/** {@code exectrace chaos rebalance}: reliability scenario 3 ({@link RebalanceExperiment}). */
final class RebalanceScenario extends ChaosScenario {

    RebalanceScenario() {
        super("rebalance",
                "two instances with standbys, one stopped and restarted under query load: every 200 equals the"
                        + " ground truth, 503 only with Retry-After (--set down=30s --set after=30s)",
                60_000);
    }

    @Override
    public ChaosReport run(final ChaosOptions options, final ChaosLog log) throws Exception {
        final Duration down = options.durationParam("down", Duration.ofSeconds(30));
        final Duration after = options.durationParam("after", Duration.ofSeconds(30));
        log.step("%,d synthetic lines, instance B down for %d s, queries for %d s after its return",
                options.events(), down.toSeconds(), after.toSeconds());
        final RebalanceExperiment.Result r = new RebalanceExperiment(options.seed(), Math.toIntExact(options.events()),
                down, after).run(options.workDir());
        return new ChaosReport.Builder(name())
                .figure("sessions", r.sessions())
                .figure("queries", r.queries())
                .figure("200 from the owner", r.fresh())
                .figure("200 from a standby (stale)", r.stale())
                .figure("503 with Retry-After", r.unavailable())
                .figure("503 share", String.format("%.2f %%", 100 * r.share503()))
                .figure("longest time a session got no 200", r.longestGap().toMillis() + " ms")
                .figure("time with any 503 (100 ms slots)", r.totalUnavailable().toMillis() + " ms")
                .figure("instance B stopped for", r.stoppedFor().toMillis() + " ms")
                .figure("slowest answer", r.slowestAnswer())
                .build(r.wrong(), r.examples());
    }
}
