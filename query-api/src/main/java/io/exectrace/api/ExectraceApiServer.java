package io.exectrace.api;

import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.config.ExectraceConfig;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP API of exectrace (Javalin), running in the JVM of the {@link ExectraceStreamsApp} whose stores
 * it reads. Nothing here changes state. Start it with {@link #start(ExectraceConfig, ExectraceStreamsApp)}; the
 * endpoints are documented in {@code docs/api.md}.
 */
public final class ExectraceApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExectraceApiServer.class);

    private final Javalin javalin;
    private final ScheduledExecutorService streams;
    private ExectraceApiServer(final Javalin javalin, final ScheduledExecutorService streams) {
        this.javalin = javalin;
        this.streams = streams;
    }

    /**
     * Starts the API for a streams app on which {@code start()} was called (it need not be RUNNING yet: until it
     * is, answers are 503 and /ready says so), with host, port and token from {@code config} (the same config
     * whose {@code api.host:api.port} the streams app advertises as {@code application.server}) and CORS origins
     * and Grafana URL from the environment.
     */
    public static ExectraceApiServer start(final ExectraceConfig config, final ExectraceStreamsApp app) {
        return start(ApiSettings.from(config, System.getenv()), app, null);
    }

    /**
     * Starts the API with explicit settings.
     *
     * @param prometheusScrape the Prometheus text for {@code GET /metrics}, or null to leave that endpoint out;
     *                         request timings go to the app's metrics registry either way
     */
    public static ExectraceApiServer start(final ApiSettings settings, final ExectraceStreamsApp app,
                                           final Supplier<String> prometheusScrape) {
        final HostInfo self = HostInfo.buildFromEndpoint(app.config().applicationServer());
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1).build();
        final ScheduledExecutorService streamPollers = Executors.newScheduledThreadPool(2, runnable -> {
            final Thread thread = new Thread(runnable, "exectrace-sse");
            thread.setDaemon(true);
            return thread;
        });
        final StoreAccess access = new StoreAccess(app.streams(), self, app::catchingUp);
        final ReconciliationEndpoint reconciliation = new ReconciliationEndpoint(access,
                new SessionRouter(access, http), new FanOut(access, http),
                ProbeEndpoint.storesOf(app).contains(Registry.SESSION_RECONCILIATION.name()));
        final SessionEndpoint sessions = new SessionEndpoint(access, new SessionRouter(access, http),
                new FanOut(access, http), settings, Clock.systemUTC(), reconciliation);
        final OpenChainEndpoint openChains = new OpenChainEndpoint(access, new SessionRouter(access, http),
                app.config().settleTime(), Clock.systemUTC());
        final ChainEndpoint chains = new ChainEndpoint(access, new SessionRouter(access, http), settings,
                ProbeEndpoint.storesOf(app).contains(Registry.SESSION_CHAINS.name()), openChains);
        final AlertEndpoint alerts = new AlertEndpoint(access, new SessionRouter(access, http),
                new FanOut(access, http), settings,
                ProbeEndpoint.storesOf(app).contains(Registry.SESSION_ALERTS.name()));
        final AtomicReference<String> selfUrl = new AtomicReference<>();
        final Handlers handlers = new Handlers(new ProbeEndpoint(access, app), sessions, chains, alerts, reconciliation,
                new LivePageEndpoint(settings),
                settings.apiToken() == null ? null : new BearerTokenCheck(settings.apiToken()),
                new SessionStreamEndpoint(streamPollers, http, selfUrl::get, settings.apiToken()), prometheusScrape);
        final HttpRequestMetrics requestMetrics = new HttpRequestMetrics(app.metrics().registry());
        final Javalin javalin = Javalin.create(config -> {
            configure(config, settings);
            config.requestLogger.http(requestMetrics::record);
            routes(config, handlers);
        });
        javalin.start(settings.host(), settings.port());
        final String loopback = settings.host().equals("0.0.0.0") || settings.host().equals("::")
                ? "127.0.0.1" : settings.host();
        selfUrl.set("http://" + hostForUrl(loopback) + ":" + javalin.port());
        LOG.info("exectrace API listening on http://{}:{} (advertised to other instances as {})", settings.host(),
                javalin.port(), self);
        return new ExectraceApiServer(javalin, streamPollers);
    }

    /** Everything that answers requests: one {@code *Endpoint} per group of routes, and the token check before them. */
    private record Handlers(ProbeEndpoint probes, SessionEndpoint sessions, ChainEndpoint chains, AlertEndpoint alerts,
                            ReconciliationEndpoint reconciliation,
                            LivePageEndpoint live, BearerTokenCheck auth, SessionStreamEndpoint stream,
                            Supplier<String> prometheusScrape) {
    }

    private static void routes(final JavalinConfig config, final Handlers h) {
        if (h.auth() != null) {
            config.routes.before(h.auth()::check);
        }
        config.routes.get("/health", h.probes()::health);
        config.routes.get("/ready", h.probes()::ready);
        config.routes.get("/api", OpenApiEndpoint::serve);
        config.routes.get("/api/sessions", h.sessions()::list);
        config.routes.get("/api/sessions/{id}", h.sessions()::summary);
        config.routes.get("/api/sessions/{id}/latency", h.sessions()::latency);
        config.routes.get("/api/sessions/{id}/timeline", h.sessions()::timeline);
        config.routes.get("/api/sessions/{id}/chains", h.chains()::list);
        config.routes.get("/api/sessions/{id}/reconciliation", h.reconciliation()::session);
        config.routes.get("/api/reconciliation", h.reconciliation()::venues);
        config.routes.get("/api/telemetry", h.sessions()::telemetry);
        config.routes.get("/api/alerts", h.alerts()::list);
        config.routes.sse("/api/stream/sessions/{id}", h.stream()::open);
        config.routes.get("/live/execution/{id}", h.live()::page);
        config.routes.get("/live/assets/{file}", h.live()::asset);
        if (h.prometheusScrape() != null) {
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(h.prometheusScrape().get()));
        }
        config.routes.exception(ApiException.class, ExectraceApiServer::answerError);
        config.routes.exception(InvalidStateStoreException.class, (e, ctx) ->
                answerError(ApiException.unavailable("store not queryable right now: " + e.getMessage()), ctx));
        config.routes.exception(Exception.class, ExectraceApiServer::answerBug);
    }

    private static void answerBug(final Exception e, final Context ctx) {
        if (clientLeft(e)) {
            // An export the client abandoned: the write failed, the scan's iterator is closed; nobody to answer.
            LOG.info("request {} {} ended early: the client closed the connection", ctx.method(), ctx.path());
            return;
        }
        LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(500).json(Map.of("error", "internal", "detail", "unexpected server error; see the log"));
    }

    /** Whether a failure is a write to a connection the client closed (Jetty's EofException, a reset, a pipe). */
    static boolean clientLeft(final Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException
                    || t.getClass().getName().equals("org.eclipse.jetty.io.EofException")) {
                return true;
            }
        }
        return false;
    }

    static void configure(final JavalinConfig config, final ApiSettings settings) {
        config.startup.showJavalinBanner = false;
        config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        if (!settings.corsOrigins().isEmpty()) {
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                for (final String origin : settings.corsOrigins()) {
                    rule.allowHost(origin);
                }
                rule.exposeHeader(SessionRouter.STALE_HEADER);
            }));
        }
    }

    private static void answerError(final ApiException e, final Context ctx) {
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("detail", e.detail());
        ctx.status(e.status()).json(body);
    }

    private static String hostForUrl(final String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** The port the API listens on (the real one when started with port 0). */
    public int port() {
        return javalin.port();
    }

    /** Stops accepting requests, ends the live streams and closes the server. */
    @Override
    public void close() {
        streams.shutdownNow();
        javalin.stop();
    }
}
