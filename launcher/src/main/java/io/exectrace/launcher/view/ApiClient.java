package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.producer.InputProblem;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small read-only client of the exectrace query API: GET with query parameters, JSON answers. Failures become
 * one-line errors: unreachable or failing API → {@link ApiUnavailable}; an unknown session → {@link InputProblem};
 * a query the API rejects (400) → {@link IllegalArgumentException} with the API's own explanation.
 */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /**
     * @param base  the API's base URL, e.g. {@code http://localhost:8080}
     * @param token bearer token, or null
     */
    ApiClient(final String base, final String token) {
        final String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (!isHttpUrl(trimmed)) {
            throw new IllegalArgumentException("bad --api URL '" + base + "' (expected http://HOST:PORT)");
        }
        this.base = trimmed;
        this.token = token == null || token.isBlank() ? null : token;
    }

    private static boolean isHttpUrl(final String text) {
        try {
            final URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Builds query parameters, leaving out null values. */
    static Map<String, String> params(final String... pairs) {
        final Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                m.put(pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }

    static String segment(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET {@code path} (already encoded) with the parameters; the JSON answer. */
    JsonNode get(final String path, final Map<String, String> params) {
        final StringBuilder url = new StringBuilder(base).append(path);
        char sep = '?';
        for (final Map.Entry<String, String> p : params.entrySet()) {
            url.append(sep).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        final HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (javax.net.ssl.SSLHandshakeException e) {
            // https through a proxy or ingress whose certificate this JVM does not trust.
            throw new ApiUnavailable("TLS handshake with the exectrace API at " + base + " failed: its certificate "
                    + "is not trusted (" + e.getMessage() + "; add it to a trust store and pass "
                    + "-Djavax.net.ssl.trustStore=FILE in EXECTRACE_JAVA_OPTS)", e);
        } catch (IOException e) {
            throw new ApiUnavailable("cannot reach the exectrace API at " + base + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "; is it running? try: ./exectrace run)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnavailable("interrupted while asking " + base, e);
        }
        return answer(path, response);
    }

    private JsonNode answer(final String path, final HttpResponse<byte[]> response) {
        final int status = response.statusCode();
        final JsonNode body = readBody(response.body());
        if (status == 200) {
            if (body == null) {
                throw new ApiUnavailable("the API at " + base + " answered " + path + " with something that is not JSON",
                        null);
            }
            return body;
        }
        final String why = body == null ? "" : (body.path("error").asText("") + " "
                + body.path("detail").asText("")).strip();
        switch (status) {
            case 400 -> throw new IllegalArgumentException("the API rejected the query: "
                    + (why.isEmpty() ? "400 Bad Request" : why));
            case 404 -> throw new InputProblem("not found at " + base + path
                    + (why.isEmpty() ? "" : ": " + why));
            case 401, 403 -> throw new ApiUnavailable("the API at " + base + " refused the request (" + status
                    + "; set EXECTRACE_API_TOKEN)", null);
            case 503 -> throw new ApiUnavailable("the API at " + base + " is not ready (503"
                    + response.headers().firstValue("Retry-After").map(s -> ", retry after " + s + " s").orElse("")
                    + ")" + (body != null && body.hasNonNull("detail") ? ": " + body.path("detail").asText() : ""),
                    null);
            default -> throw new ApiUnavailable("the API at " + base + " answered " + status + " for " + path
                    + (why.isEmpty() ? "" : ": " + why), null);
        }
    }

    private static JsonNode readBody(final byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
