package io.exectrace.api;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Times every HTTP request of the API into {@code http_server_requests_seconds{method,route,status}}. The route is
 * the matched path template ({@code /api/sessions/{id}}), never the raw path, so session ids do not become series;
 * a request no route matched is {@code unmatched}.
 */
final class HttpRequestMetrics {

    static final String METER = "http.server.requests";
    static final String UNMATCHED = "unmatched";
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(60)};

    private final MeterRegistry registry;

    HttpRequestMetrics(final MeterRegistry registry) {
        this.registry = registry;
    }

    /** Javalin's request-logger callback: the request is done and took {@code executionMillis}. */
    void record(final Context ctx, final Float executionMillis) {
        final Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        final int status = ctx.statusCode();
        final String route = endpoint == null ? UNMATCHED : endpoint.path;
        Timer.builder(METER)
                .description("HTTP requests of the exectrace API, by method, route template and status")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Math.round(executionMillis.doubleValue() * 1_000.0), TimeUnit.MICROSECONDS);
    }
}
