package io.exectrace.harness.chaos;

/** {@code exectrace chaos hostile-input}: reliability scenario 5 ({@link HostileInputExperiment}). */
final class HostileInputScenario extends ChaosScenario {

    HostileInputScenario() {
        super("hostile-input",
                "invalid records of 13 kinds among synthetic traffic: stream threads live, each one in the DLQ with"
                        + " its reason, every valid record counted once (--events = hostile records; --set valid-lines=N)",
                100_000);
    }

    @Override
    public ChaosReport run(final ChaosOptions options, final ChaosLog log) throws Exception {
        final int validLines = options.intParam("valid-lines", 20_000);
        log.step("%,d hostile records among %,d synthetic lines", options.events(), validLines);
        final HostileInputExperiment.Result r = new HostileInputExperiment(options.seed(),
                Math.toIntExact(options.events()), validLines).run(options.workDir());
        final ChaosReport.Builder report = new ChaosReport.Builder(name())
                .figure("hostile records", r.hostile())
                .figure("synthetic lines", r.validLines())
                .figure("sessions compared", r.sessions());
        r.hostileByKind().forEach((kind, n) -> report.figure("sent: " + kind, n));
        r.deadByReason().forEach((reason, n) -> report.figure("DLQ: " + reason, n));
        return report.figure("elapsed", r.elapsed().toSeconds() + " s")
                .build(r.mismatches().size(), r.mismatches());
    }
}
