package io.exectrace.api;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires the configured bearer token on every request but the liveness probe. The token comes in the
 * {@code Authorization: Bearer} header, or as {@code access_token} query parameter for what a browser cannot send
 * headers with (the live page's links and its EventSource).
 */
final class BearerTokenCheck {

    static final String QUERY_PARAMETER = "access_token";
    private static final String PREFIX = "Bearer ";

    private final byte[] expected;

    BearerTokenCheck(final String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    void check(final Context ctx) {
        if (ctx.path().equals("/health")) {
            return;
        }
        String presented = null;
        final String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            presented = header.substring(PREFIX.length()).trim();
        } else if (ctx.queryParam(QUERY_PARAMETER) != null) {
            presented = ctx.queryParam(QUERY_PARAMETER);
        }
        // Constant-time comparison: the answer time must not tell how much of a guess was right.
        if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"exectrace\"");
            throw ApiException.unauthorized();
        }
    }
}
