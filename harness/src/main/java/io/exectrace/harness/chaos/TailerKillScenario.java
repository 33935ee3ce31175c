package io.exectrace.harness.chaos;

/** {@code exectrace chaos tail-kill}: reliability scenario 7 ({@link TailerKillExperiment}). */
final class TailerKillScenario extends ChaosScenario {

    TailerKillScenario() {
        super("tail-kill",
                "produce tail SIGKILLed and restarted while the logs grow and rotate: every line in the topic exactly"
                        + " once (--set kills=N --set rate=LINES_PER_S; --events is not used)",
                1);
    }

    @Override
    public ChaosReport run(final ChaosOptions options, final ChaosLog log) throws Exception {
        final int kills = options.intParam("kills", 20);
        final int rate = options.intParam("rate", 2_000);
        log.step("%d SIGKILLs of the tailer, the writer at %,d lines/s", kills, rate);
        final TailerKillExperiment.Result r = new TailerKillExperiment(options.seed(), kills, rate)
                .run(options.workDir());
        final java.util.List<String> problems = new java.util.ArrayList<>();
        if (r.missing() > 0) {
            problems.add(r.missing() + " lines never reached the topic");
        }
        if (r.duplicated() > 0) {
            problems.add(r.duplicated() + " lines reached it more than once");
        }
        if (r.unknown() > 0) {
            problems.add(r.unknown() + " records were never written");
        }
        return new ChaosReport.Builder(name())
                .figure("lines written", r.linesWritten())
                .figure("rotations (rename / copy-truncate alternating)", r.rotations())
                .figure("SIGKILLs of the tailer", r.kills())
                .figure("records in the topic (read_committed)", r.received())
                .figure("lines missing", r.missing())
                .figure("lines duplicated", r.duplicated())
                .figure("elapsed", r.elapsed().toSeconds() + " s")
                .build(r.missing() + r.duplicated() + r.unknown(), problems);
    }
}
