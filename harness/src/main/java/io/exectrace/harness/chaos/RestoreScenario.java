package io.exectrace.harness.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Scenario 4, state restore: the app processes the input to the end; its answers ({@code /api/sessions/{id}}
 * for every session, read from its stores) are recorded; it is stopped, its local state directory deleted and it
 * is started again: the stores must be rebuilt from the changelogs with the same answers. The time from start to
 * {@code /ready} is measured for a plain restart (state kept) and for the restore.
 *
 * <p>Parameters: {@code idle-timeout} (default 10s), {@code drain-timeout} (30m), {@code ready-timeout} (30m).
 */
public final class RestoreScenario extends ChaosScenario {

    public RestoreScenario() {
        super("restore",
                "delete the app's local state and restart; the stores must be rebuilt with the same answers",
                1_000_000);
    }

    @Override
    public ChaosReport run(final ChaosOptions options, final ChaosLog log) throws Exception {
        final Duration drainTimeout = options.durationParam("drain-timeout", Duration.ofMinutes(30));
        final Duration readyTimeout = options.durationParam("ready-timeout", Duration.ofMinutes(30));
        final Map<String, String> settings = Map.of("idle.timeout",
                options.durationParam("idle-timeout", Duration.ofSeconds(10)).toMillis() + "ms");
        try (ChaosRig rig = ChaosRig.start(options.workDir(), log)) {
            rig.loadInput(options.events(), options.seed());
            final ChaosRig.AppInstance instance = rig.instance("restored", settings);
            final Map<String, String> before;
            final PipelineSnapshot drained;
            final long t0 = System.nanoTime();
            try (AppProcess app = instance.launch()) {
                drained = rig.awaitDrained(instance, () -> app, drainTimeout);
                log.step("drained in %s", CrashScenario.seconds(Duration.ofNanos(System.nanoTime() - t0)));
                app.awaitReady(readyTimeout);
                before = ApiSummaries.read(app, drained.summaries().keySet());
            }
            final long stateBytes = bytes(instance.stateDir());
            final long changelogRecords = rig.changelogRecords(instance.applicationId());

            final Duration restart;
            final Map<String, String> afterRestart;
            try (AppProcess app = instance.launch()) {
                restart = app.awaitReady(readyTimeout);
                afterRestart = ApiSummaries.read(app, drained.summaries().keySet());
            }
            log.step("restart with state kept: ready after %s", CrashScenario.seconds(restart));

            instance.deleteState();
            final Duration restore;
            final Map<String, String> afterRestore;
            try (AppProcess app = instance.launch()) {
                restore = app.awaitReady(readyTimeout);
                afterRestore = ApiSummaries.read(app, drained.summaries().keySet());
            }
            log.step("restart after deleting %s: ready after %s", instance.stateDir(), CrashScenario.seconds(restore));

            final List<String> examples = new ArrayList<>(rig.groundTruthDifferences(drained));
            long mismatches = examples.size();
            mismatches += differences("after restart", before, afterRestart, examples);
            mismatches += differences("after restore", before, afterRestore, examples);
            return new ChaosReport.Builder(name())
                    .figure("events (input lines)", String.format("%,d", rig.inputLines()))
                    .figure("sessions compared through the API", before.size())
                    .figure("local state before deletion", String.format("%.1f MB", stateBytes / 1e6))
                    .figure("changelog records (all stores)", String.format("%,d", changelogRecords))
                    .figure("start to /ready, state kept", CrashScenario.seconds(restart))
                    .figure("start to /ready, state deleted (full restore)", CrashScenario.seconds(restore))
                    .build(mismatches, examples);
        }
    }

    private static long differences(final String when, final Map<String, String> before,
                                    final Map<String, String> after, final List<String> examples) {
        long n = 0;
        for (final Map.Entry<String, String> e : before.entrySet()) {
            if (!Objects.equals(e.getValue(), after.get(e.getKey()))) {
                n++;
                if (examples.size() < 10) {
                    examples.add("session " + e.getKey() + " " + when + ": before " + e.getValue() + ", now "
                            + after.get(e.getKey()));
                }
            }
        }
        return n;
    }

    private static long bytes(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
