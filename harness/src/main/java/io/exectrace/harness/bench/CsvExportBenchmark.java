package io.exectrace.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.harness.bench.e2e.LoadAverage;
import io.exectrace.harness.chaos.AppProcess;
import io.exectrace.harness.chaos.ChaosLog;
import io.exectrace.harness.chaos.ChaosRig;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.SynthSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CSV export benchmark of the performance issue: one session of synthetic events is loaded, an exectrace app
 * with a small heap (a child JVM) consumes it, then the session's whole timeline is streamed through
 * {@code GET /api/sessions/{id}/timeline?format=csv} several times back to back, each export counted and timed,
 * while the app's used heap is sampled. Several exports because one is at the mercy of what else the app and the
 * machine do at that moment (the stores' compactions after the load, a collection): their median is the figure.
 */
final class CsvExportBenchmark {
    static final String APPLICATION_ID = "bench-csv";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    /** Event-time density of the generated session: its events span events/1000 seconds ending about now. */
    private static final double EVENTS_PER_SECOND = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final CsvExportSettings settings;
    private final ChaosLog log;

    CsvExportBenchmark(final CsvExportSettings settings, final ChaosLog log) {
        this.settings = settings;
        this.log = log;
    }

    CsvExportReport run() throws IOException, InterruptedException {
        final String loadBefore = LoadAverage.now();
        try (ChaosRig rig = ChaosRig.start(settings.workDir(), log)) {
            rig.createInputTopic();
            final ChaosRig.AppInstance instance = rig.instanceWithDefaults(APPLICATION_ID, Map.of());
            // The JVM starts while the input is sent: the export is measured only once all of it is consumed.
            try (AppProcess app = instance.launch(List.of("-Xmx" + settings.maxHeap()))) {
                final ExpectedTotals.Session session = load(rig);
                log.step("app (-Xmx%s) ready after %.1f s (log: %s)", settings.maxHeap(),
                        app.awaitReady(READY_TIMEOUT).toMillis() / 1000.0, instance.log());
                awaitConsumed(rig, app, session, instance.log());
                final long heapBefore = HeapSampler.usedHeap(app);
                final List<CsvExportReport.Export> exports = new ArrayList<>();
                final HeapSampler heap = HeapSampler.start(app, settings.sampleInterval());
                try {
                    for (int i = 1; i <= settings.exports(); i++) {
                        final CsvExportReport.Export export = exportOnce(app, session.sessionId());
                        log.step("export %d of %d: %d rows in %.2f s, %.0f rows/s", i, settings.exports(),
                                export.rows(), export.seconds(), export.rowsPerSecond());
                        exports.add(export);
                        if (export.transferError() != null) {
                            break;
                        }
                    }
                } finally {
                    heap.close();
                }
                return new CsvExportReport(settings, session.sessionId(), session.events(), exports, heapBefore,
                        heap.maxBytes(), heap.samples(), app.alive(), mentionsOutOfMemory(instance.log()),
                        loadBefore, LoadAverage.now());
            }
        }
    }

    /**
     * Sends one session, no duplicates and no invalid lines (every record a timeline row), event times ending
     * about now.
     */
    private ExpectedTotals.Session load(final ChaosRig rig) throws InterruptedException {
        final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .minusSeconds((long) (settings.events() / EVENTS_PER_SECOND) + 60);
        final SynthSettings synth = SynthSettings.defaults(settings.seed(), start.getEpochSecond() * 1_000_000L)
                .withSessions(1).withEventsPerSecond(EVENTS_PER_SECOND).withMaxLines(settings.events())
                .withShares(0.05, 0, 0, 0.5);
        final ExpectedTotals.Session session = rig.sendInput(synth).sessions().get(0);
        log.step("session %s: %d events from %s", session.sessionId(), session.events(), start);
        return session;
    }

    /** Waits until the app has committed all input and its summary of the session counts every event. */
    private void awaitConsumed(final ChaosRig rig, final AppProcess app, final ExpectedTotals.Session session,
                               final Path appLog) throws InterruptedException {
        final long deadline = System.nanoTime() + settings.loadTimeout().toNanos();
        final long t0 = System.nanoTime();
        long lastReport = t0;
        while (true) {
            if (!app.alive()) {
                throw new IllegalStateException("the app died while consuming the input, see " + appLog);
            }
            final long lag = rig.inputLag(APPLICATION_ID);
            if (lag == 0 && summaryEvents(app, session.sessionId()) == session.events()) {
                log.step("input consumed in %.1f s", (System.nanoTime() - t0) / 1e9);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the app did not consume the input within " + settings.loadTimeout()
                        + " (lag " + lag + "), see " + appLog);
            }
            if (System.nanoTime() - lastReport > 30_000_000_000L) {
                log.step("consuming: input lag %d", lag);
                lastReport = System.nanoTime();
            }
            Thread.sleep(500);
        }
    }

    private static long summaryEvents(final AppProcess app, final String sessionId) throws InterruptedException {
        final String body = app.get("/api/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8));
        try {
            return body == null ? -1 : JSON.readTree(body).path("events").asLong(-1);
        } catch (IOException e) {
            throw new UncheckedIOException("GET /api/sessions/" + sessionId + " answered no JSON", e);
        }
    }

    /** One export of the session's timeline, counted and timed. */
    private static CsvExportReport.Export exportOnce(final AppProcess app, final String sessionId)
            throws InterruptedException {
        final CsvRowCounter counted = new CsvRowCounter();
        String failure = null;
        final long t0 = System.nanoTime();
        try {
            export(app, sessionId, counted);
        } catch (IOException e) {
            failure = e.toString();
        }
        final double seconds = (System.nanoTime() - t0) / 1e9;
        return new CsvExportReport.Export(Math.max(0, counted.records() - 1), counted.bytes(), seconds, failure);
    }

    /** Streams the timeline into {@code counter}; IOException when the transfer breaks off. */
    private static void export(final AppProcess app, final String sessionId, final CsvRowCounter counter)
            throws IOException, InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(app.apiUrl() + "/api/sessions/"
                + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "/timeline?format=csv")).GET().build();
        final HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the CSV export answered " + response.statusCode() + ": "
                        + new String(body.readNBytes(500), StandardCharsets.UTF_8));
            }
            counter.read(body);
        }
    }

    private static boolean mentionsOutOfMemory(final Path appLog) throws IOException {
        if (!Files.exists(appLog)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(appLog, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.contains("OutOfMemoryError"));
        }
    }
}
