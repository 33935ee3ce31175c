package io.exectrace.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a session's request to the instance that owns the session: answers it here when this instance is the
 * active owner, forwards it over HTTP to the owner otherwise, and falls back to a local standby copy (marked with
 * {@value #STALE_HEADER}) when the owner does not answer within {@link #OWNER_PATIENCE}. A forwarded request is
 * never forwarded again, so two instances with different views of a moving partition cannot bounce it between them.
 */
final class SessionRouter {

    /** Marks a request one instance sent to another. */
    static final String FORWARDED_HEADER = "X-Exectrace-Forwarded";
    /** Set to {@code true} on answers read from a standby copy that may lag the active one. */
    static final String STALE_HEADER = "X-Exectrace-Stale";
    /** Answer headers copied from the owner's answer. */
    private static final List<String> COPIED_HEADERS = List.of("Content-Type", "Content-Disposition",
            "Retry-After", STALE_HEADER);
    /**
     * How long the owner has to start its answer (its status and headers; a streamed body may take longer). An owner
     * that is closing or restarting can accept a connection and not answer it: the client then gets the standby copy
     * or a 503 with Retry-After within this time instead of waiting for an answer that may never come.
     */
    static final Duration OWNER_PATIENCE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(SessionRouter.class);

    /** Where to read a session on this instance. */
    record LocalRead(int partition, boolean stale) {
    }

    private final StoreAccess access;
    private final HttpClient http;

    SessionRouter(final StoreAccess access, final HttpClient http) {
        this.access = access;
        this.http = http;
    }

    /**
     * The local partition to read the session from, or {@code null} when the request was answered by forwarding it
     * to the owner.
     */
    LocalRead route(final Context ctx, final String store, final String sessionId) {
        final KeyQueryMetadata metadata = access.locate(store, sessionId);
        if (access.isSelf(metadata.activeHost())) {
            return new LocalRead(metadata.partition(), false);
        }
        final boolean standbyHere = metadata.standbyHosts().contains(access.self());
        if (ctx.header(FORWARDED_HEADER) == null) {
            try {
                forward(ctx, metadata.activeHost());
                return null;
            } catch (final IOException e) {
                LOG.warn("owner {} of session {} did not answer: {}", metadata.activeHost(), sessionId,
                        e.toString());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("interrupted while asking the owner of the session");
            }
        }
        if (standbyHere) {
            ctx.header(STALE_HEADER, "true");
            return new LocalRead(metadata.partition(), true);
        }
        throw ApiException.unavailable("session '" + sessionId + "' is owned by " + metadata.activeHost()
                + ", which is not reachable right now");
    }

    /**
     * The JSON answer of {@code owner} to GET {@code path}, for a part of an answer whose store lives with another
     * instance; null when the owner does not answer 200 in time.
     */
    JsonNode ask(final Context ctx, final HostInfo owner, final String path) {
        final HttpRequest request = toOwner(ctx, URI.create("http://" + owner.host() + ":" + owner.port() + path));
        try {
            final HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return answer.statusCode() == 200 ? Json.MAPPER.readTree(answer.body()) : null;
        } catch (final IOException e) {
            LOG.warn("owner {} did not answer {}: {}", owner, path, e.toString());
            return null;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + owner);
        }
    }

    /** Same method, path and query on {@code owner}; status, body (streamed) and the relevant headers copied back. */
    private void forward(final Context ctx, final HostInfo owner) throws IOException, InterruptedException {
        final String query = ctx.queryString();
        final URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + ctx.path()
                + (query == null || query.isEmpty() ? "" : "?" + query));
        final HttpResponse<InputStream> answer = http.send(toOwner(ctx, uri),
                HttpResponse.BodyHandlers.ofInputStream());
        ctx.status(answer.statusCode());
        for (final String header : COPIED_HEADERS) {
            answer.headers().firstValue(header).ifPresent(value -> ctx.header(header, value));
        }
        ctx.header("X-Exectrace-Served-By", owner.host() + ":" + owner.port());
        ctx.result(answer.body());
    }

    /** A GET of {@code uri} marked as forwarded, with the client's credentials, given {@link #OWNER_PATIENCE}. */
    private HttpRequest toOwner(final Context ctx, final URI uri) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(OWNER_PATIENCE)
                .header(FORWARDED_HEADER, access.self().host() + ":" + access.self().port());
        final String authorization = ctx.header("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }
}
