package io.exectrace.launcher;

import io.exectrace.api.ApiSettings;
import io.exectrace.api.ExectraceApiServer;
import io.exectrace.api.PrometheusMetrics;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;
import java.time.Duration;

/**
 * One exectrace instance: the Kafka Streams pipeline and, in the same JVM, the HTTP API that reads its stores
 * and serves {@code /metrics}. {@code run} and {@code demo} both start exactly this.
 */
final class ExectraceNode implements AutoCloseable {
    private final ExectraceStreamsApp pipeline;
    private final PrometheusMetrics metrics;
    private final ExectraceApiServer api;
    private final String apiUrl;

    private ExectraceNode(final ExectraceStreamsApp pipeline, final PrometheusMetrics metrics,
                          final ExectraceApiServer api, final String apiUrl) {
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.api = api;
        this.apiUrl = apiUrl;
    }

    /**
     * Waits for missing ACLs (see {@link AccessWait}), creates the topics if absent, starts the pipeline and the API,
     * and waits until the pipeline is RUNNING.
     */
    static ExectraceNode start(final ExectraceConfig config, final Duration runningTimeout) throws InterruptedException {
        final ApiSettings settings = ApiSettings.from(config, System.getenv());
        AccessWait.untilGranted(config, settings);
        final PrometheusMetrics metrics = PrometheusMetrics.create();
        final ExectraceStreamsApp pipeline = new ExectraceStreamsApp(config, metrics.registry());
        ExectraceApiServer api = null;
        try {
            pipeline.start();
            api = ExectraceApiServer.start(settings, pipeline, metrics::scrape);
            if (!pipeline.awaitRunning(runningTimeout)) {
                throw new IllegalStateException("the pipeline did not reach RUNNING within "
                        + runningTimeout.toSeconds() + " s");
            }
            final String host = config.apiHost().equals("0.0.0.0") ? "127.0.0.1" : config.apiHost();
            return new ExectraceNode(pipeline, metrics, api, "http://" + host + ":" + api.port());
        } catch (RuntimeException | InterruptedException e) {
            if (api != null) {
                api.close();
            }
            pipeline.close(Duration.ofSeconds(30));
            metrics.close();
            throw e;
        }
    }

    /** Base URL of the API, e.g. {@code http://127.0.0.1:8080}. */
    String apiUrl() {
        return apiUrl;
    }

    @Override
    public void close() {
        api.close();
        pipeline.close(Duration.ofSeconds(30));
        metrics.close();
    }
}
