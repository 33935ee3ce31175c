package io.exectrace.api;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** GET /api: the hand-written OpenAPI 3 document of every endpoint, served from the jar. */
final class OpenApiEndpoint {

    static final String RESOURCE = "/io/exectrace/api/openapi.json";
    private static final byte[] DOCUMENT = load();

    private OpenApiEndpoint() {
    }

    static void serve(final Context ctx) {
        ctx.contentType("application/json").result(DOCUMENT);
    }

    private static byte[] load() {
        try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
