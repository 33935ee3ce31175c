package io.exectrace.api;

import io.exectrace.streams.config.ExectraceConfig;

import java.util.List;
import java.util.Map;

/**
 * The settings of the HTTP API: where it listens, the optional bearer token, the origins allowed by CORS (none:
 * CORS off), the Grafana dashboard the live page links to, and the cap on JSON page sizes.
 *
 * @param host            bind address (default 127.0.0.1)
 * @param port            port, 0 for any free port
 * @param apiToken        bearer token required on every endpoint but {@code /health}, or {@code null} for none
 * @param corsOrigins     origins allowed to call the API from a browser; empty = CORS off
 * @param grafanaUrl      dashboard URL the live page links to; {@code MODE} in it is replaced by the session's mode
 * @param maxJsonLimit    largest {@code limit} a JSON answer may ask for
 * @param sessionScanBudget sessions-index entries one JSON {@code /api/sessions} request looks at per partition at
 *                          most; when they run out first, the page ends early with a cursor to go on from
 */
public record ApiSettings(String host, int port, String apiToken, List<String> corsOrigins, String grafanaUrl,
                          int maxJsonLimit, int sessionScanBudget) {

    public static final String DEFAULT_GRAFANA_URL = "http://127.0.0.1:3000/d/exectrace-pipeline?var-mode=MODE";
    public static final int DEFAULT_MAX_JSON_LIMIT = 10_000;
    /**
     * Default of {@link #sessionScanBudget()}: about a millisecond or two of decoding per partition, and twenty times
     * the default page, so a filter most sessions match never runs into it.
     */
    public static final int DEFAULT_SESSION_SCAN_BUDGET = 2_000;
    /** Environment variable with comma-separated CORS origins. */
    public static final String ENV_CORS_ORIGINS = "EXECTRACE_API_CORS_ORIGINS";
    /** Environment variable with the Grafana dashboard URL. */
    public static final String ENV_GRAFANA_URL = "EXECTRACE_GRAFANA_URL";

    public ApiSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxJsonLimit < 1) {
            throw new IllegalArgumentException("maxJsonLimit must be positive");
        }
        if (sessionScanBudget < 1) {
            throw new IllegalArgumentException("sessionScanBudget must be positive");
        }
        apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** Host, port and token from the exectrace configuration; CORS origins and Grafana URL from {@code env}. */
    public static ApiSettings from(final ExectraceConfig config, final Map<String, String> env) {
        final String origins = env.getOrDefault(ENV_CORS_ORIGINS, "");
        final List<String> corsOrigins = origins.isBlank() ? List.of()
                : List.of(origins.trim().split("\\s*,\\s*"));
        return new ApiSettings(config.apiHost(), config.apiPort(), config.apiToken(), corsOrigins,
                env.getOrDefault(ENV_GRAFANA_URL, DEFAULT_GRAFANA_URL), DEFAULT_MAX_JSON_LIMIT,
                DEFAULT_SESSION_SCAN_BUDGET);
    }

    /** Same settings on another port (tests bind port 0 or a port chosen up front). */
    public ApiSettings withPort(final int newPort) {
        return new ApiSettings(host, newPort, apiToken, corsOrigins, grafanaUrl, maxJsonLimit, sessionScanBudget);
    }

    /** Same settings with a bearer token. */
    public ApiSettings withApiToken(final String token) {
        return new ApiSettings(host, port, token, corsOrigins, grafanaUrl, maxJsonLimit, sessionScanBudget);
    }

    /** Same settings with another scan budget for the session list. */
    public ApiSettings withSessionScanBudget(final int budget) {
        return new ApiSettings(host, port, apiToken, corsOrigins, grafanaUrl, maxJsonLimit, budget);
    }
}
