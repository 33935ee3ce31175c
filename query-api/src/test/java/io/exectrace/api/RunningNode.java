package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;
import java.time.Duration;
import java.util.Map;

/** One exectrace node for an API test: the stream app, running, and its API server on a free port. */
final class RunningNode implements AutoCloseable {
    final ExectraceStreamsApp app;
    final ExectraceApiServer server;
    /** {@code http://127.0.0.1:<port>} of the API. */
    final String base;

    private RunningNode(final ExectraceStreamsApp app, final ExectraceApiServer server) {
        this.app = app;
        this.server = server;
        this.base = "http://127.0.0.1:" + server.port();
    }

    /** Starts the app and the API and waits until the app runs. */
    static RunningNode start(final ExectraceConfig config) throws InterruptedException {
        final ExectraceStreamsApp app = new ExectraceStreamsApp(config);
        app.start();
        final RunningNode node = new RunningNode(app, ExectraceApiServer.start(ApiSettings.from(config, Map.of()),
                app, null));
        assertThat(app.awaitRunning(ApiHttpTest.PATIENCE)).isTrue();
        return node;
    }

    @Override
    public void close() {
        server.close();
        app.close(Duration.ofSeconds(30));
    }
}
