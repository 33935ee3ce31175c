package io.exectrace.api;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * GET /live/execution/{id}: the operators' page, and its script and style under /live/assets. Everything is in the
 * jar (no CDN). The page template gets the session id and Grafana URL only as HTML-escaped attribute values; the
 * script inserts all data with {@code textContent}, never as HTML.
 */
final class LivePageEndpoint {

    private static final String PREFIX = "/io/exectrace/api/live/";
    private static final Map<String, String> ASSETS = Map.of("live.js", "text/javascript; charset=utf-8",
            "live.css", "text/css; charset=utf-8");
    private static final String TEMPLATE = new String(load("execution.html"), StandardCharsets.UTF_8);
    private static final Map<String, byte[]> ASSET_BYTES = Map.of("live.js", load("live.js"), "live.css",
            load("live.css"));

    private final ApiSettings settings;

    LivePageEndpoint(final ApiSettings settings) {
        this.settings = settings;
    }

    void page(final Context ctx) {
        final String sessionId = ctx.pathParam("id");
        final String html = TEMPLATE.replace("{{SESSION_ID}}", escape(sessionId))
                .replace("{{GRAFANA_URL}}", escape(settings.grafanaUrl()));
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    void asset(final Context ctx) {
        final String file = ctx.pathParam("file");
        final byte[] bytes = ASSET_BYTES.get(file);
        if (bytes == null) {
            throw ApiException.notFound("no asset '" + file + "'");
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(ASSETS.get(file)).result(bytes);
    }

    /** HTML escaping for text and (double- or single-quoted) attribute values. */
    static String escape(final String text) {
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static byte[] load(final String name) {
        try (InputStream in = LivePageEndpoint.class.getResourceAsStream(PREFIX + name)) {
            if (in == null) {
                throw new IllegalStateException(PREFIX + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
