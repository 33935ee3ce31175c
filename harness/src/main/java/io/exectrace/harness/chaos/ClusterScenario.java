package io.exectrace.harness.chaos;

import java.time.Duration;

/** {@code exectrace chaos cluster}: three brokers, three instances, failures under load ({@link ClusterExperiment}). */
final class ClusterScenario extends ChaosScenario {

    ClusterScenario() {
        super("cluster",
                "3 Kafka nodes (RF 3, min.insync.replicas=2), 3 instances with standbys, paced input and queries;"
                        + " SIGKILL the leader broker, SIGKILL an instance, stop a second broker: the result must"
                        + " equal the in-memory reference, answers right, stale-marked or 503 with Retry-After"
                        + " (--set rate=100 --set duration=150s; --events is not used)",
                1);
    }

    @Override
    public ChaosReport run(final ChaosOptions options, final ChaosLog log) throws Exception {
        final double rate = Double.parseDouble(options.params().getOrDefault("rate", "100"));
        final Duration duration = options.durationParam("duration", Duration.ofSeconds(150));
        final Duration drainTimeout = options.durationParam("drain-timeout", Duration.ofMinutes(5));
        final ClusterExperiment.Result r = new ClusterExperiment(options.seed(), rate, duration, drainTimeout)
                .run(options.workDir(), log);
        final ClusterQueryLoad.Result q = r.queries();
        return new ChaosReport.Builder(name())
                .figure("events (input lines)", String.format("%,d at %.0f/s", r.events(), rate))
                .figure("sessions", r.sessions())
                .figure("faults", String.join("; ", r.faults()))
                .figure("queries", q.queries())
                .figure("200 (fresh / stale standby)", q.fresh() + " / " + q.stale())
                .figure("503 with Retry-After", q.unavailable())
                .figure("404 before a session's first answer", q.notYet())
                .figure("connections refused (instance down)", q.refused())
                .figure("wrong answers (500, above the final counts, ...)", q.wrong())
                .figure("longest query outage (a session without a 200)", q.longestOutage().toMillis() + " ms")
                .figure("slowest answer", q.slowestAnswer())
                .figure("longest processing stall (committed input still)", r.longestStall().toMillis() + " ms")
                .figure("longest silence of one session's input (record timestamps; idle timeout "
                        + ClusterExperiment.IDLE_TIMEOUT.toSeconds() + " s)", r.inputSilence().longest().toMillis()
                        + " ms (" + r.inputSilence().session() + ")")
                .figure("drain after the input ended", r.drain().toMillis() + " ms")
                .build(r.mismatches(), r.examples());
    }
}
