package io.exectrace.api;

import io.javalin.Javalin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the API port answers while the pipeline waits for ACLs it lacks: {@code /health} is up, {@code /ready} is
 * 503 naming the missing ACLs, everything else 503 with Retry-After. Replaced by {@link ExectraceApiServer} once
 * the ACLs are granted, so orchestrators see a live, unready instance instead of a crash loop.
 */
public final class AccessWaitServer implements AutoCloseable {

    /** Seconds a client should wait before asking again; the pipeline re-checks its ACLs about this often. */
    public static final int RETRY_AFTER_SECONDS = 10;

    private final Javalin javalin;

    private AccessWaitServer(final Javalin javalin) {
        this.javalin = javalin;
    }

    /** Serves on the configured host and port until {@link #close()}. */
    public static AccessWaitServer start(final ApiSettings settings, final Supplier<List<String>> missingAcls) {
        final Javalin javalin = Javalin.create(config -> {
            ExectraceApiServer.configure(config, settings);
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "up")));
            config.routes.get("/ready", ctx -> {
                final List<String> missing = missingAcls.get();
                final Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "not_ready");
                body.put("kafka_streams", "NOT_STARTED");
                body.put("reason", "not authorised: missing ACLs: " + String.join(", ", missing));
                body.put("missing_acls", missing);
                ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)).status(503).json(body);
            });
            config.routes.before(ctx -> {
                if (!ctx.path().equals("/health") && !ctx.path().equals("/ready")) {
                    ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
                    ctx.status(503).json(Map.of("error", "not_ready",
                            "detail", "waiting for missing ACLs: " + String.join(", ", missingAcls.get())));
                    ctx.skipRemainingHandlers();
                }
            });
        });
        javalin.start(settings.host(), settings.port());
        return new AccessWaitServer(javalin);
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
