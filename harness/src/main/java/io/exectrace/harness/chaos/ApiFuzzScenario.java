package io.exectrace.harness.chaos;

import java.util.List;

/** {@code exectrace chaos api-fuzz}: reliability scenario 6 ({@link ApiFuzzExperiment}). */
final class ApiFuzzScenario extends ChaosScenario {

    ApiFuzzScenario() {
        super("api-fuzz",
                "seeded hostile requests over every OpenAPI operation, 16 CSV exports at once, abandoned exports:"
                        + " only 2xx/4xx, heap back where it was, no scan left running (--events = requests;"
                        + " --set lines=N for the state size)",
                20_000);
    }

    @Override
    public ChaosReport run(final ChaosOptions options, final ChaosLog log) throws Exception {
        final int lines = options.intParam("lines", 200_000);
        log.step("%,d fuzzed requests against the state of %,d synthetic lines", options.events(), lines);
        final ApiFuzzExperiment.Result r = new ApiFuzzExperiment(options.seed(), Math.toIntExact(options.events()),
                lines).run(options.workDir());
        final ChaosReport.Builder report = new ChaosReport.Builder(name())
                .figure("operations fuzzed", r.operations())
                .figure("requests", r.requests());
        r.byStatus().forEach((status, n) -> report.figure("status " + status, n));
        report.figure("concurrent CSV exports", r.concurrentExports() + " x " + r.exportBytes() + " bytes")
                .figure("exports incomplete", r.exportsIncomplete())
                .figure("exports abandoned by the client", r.cancelledExports())
                .figure("of those still being written when abandoned", r.inFlightAtCancel())
                .figure("store iterators open afterwards", r.openIteratorsAfter())
                .figure("server threads still in a scan afterwards", r.busyThreadsAfter())
                .figure("heap after GC before / after / peak", r.heapBeforeMb() + " / " + r.heapAfterMb() + " / "
                        + r.heapPeakMb() + " MB")
                .figure("elapsed", r.elapsed().toSeconds() + " s");
        final List<String> problems = new java.util.ArrayList<>(r.serverErrors());
        if (r.exportsIncomplete() > 0) {
            problems.add(r.exportsIncomplete() + " concurrent exports incomplete");
        }
        if (r.openIteratorsAfter() > 0 || r.busyThreadsAfter() > 0) {
            problems.add("abandoned exports left " + r.openIteratorsAfter() + " iterators, " + r.busyThreadsAfter()
                    + " threads");
        }
        if (r.heapAfterMb() > r.heapBeforeMb() + ApiFuzzExperiment.HEAP_GROWTH_ALLOWED_MB) {
            problems.add("heap grew from " + r.heapBeforeMb() + " to " + r.heapAfterMb() + " MB");
        }
        return report.build(problems.size(), problems);
    }
}
