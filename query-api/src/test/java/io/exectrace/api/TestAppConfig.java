package io.exectrace.api;

import io.exectrace.streams.config.ExectraceConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The config of an app under test: the embedded broker, its own state directory, the API on a free port. */
final class TestAppConfig {

    private TestAppConfig() {
    }

    /**
     * @param settings the test's own {@code EXECTRACE_*} settings, on top of (and over) the common ones
     */
    static ExectraceConfig load(final String bootstrapServers, final String applicationId, final Path stateDir,
                                final Map<String, String> settings) {
        final Map<String, String> env = new HashMap<>(Map.of(
                "EXECTRACE_BOOTSTRAP_SERVERS", bootstrapServers,
                "EXECTRACE_APPLICATION_ID", applicationId,
                "EXECTRACE_STATE_DIR", stateDir.toString(),
                "EXECTRACE_API_PORT", "0",
                "EXECTRACE_PROVISION_TIMEOUT", "20s"));
        env.putAll(settings);
        return ExectraceConfig.load(null, env);
    }
}
