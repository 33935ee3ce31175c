package io.exectrace.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.sse.SseClient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/stream/sessions/{id}: pushes each event of the session as Server-Sent Events ({@code event: event},
 * {@code id:} = the event's timeline position, {@code data:} = the timeline JSON of the event).
 *
 * <p>The stream polls this API's own timeline endpoint every {@link #POLL_INTERVAL} for the events after the last
 * one sent, so it follows the session to whichever instance owns it (forwarding, standby, rebalance) with the same
 * code as every other request. Each poll reads at most {@link #MAX_EVENTS_PER_POLL} events; a client that
 * reconnects with {@code Last-Event-ID} (or first connects with {@code ?after=ID}) resumes after that event.
 */
final class SessionStream {

    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final int MAX_EVENTS_PER_POLL = 500;
    /** A comment line every this many idle polls keeps proxies from closing a quiet stream. */
    private static final int KEEP_ALIVE_POLLS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(SessionStream.class);

    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final String selfBaseUrl;
    private final String apiToken;

    SessionStream(final ScheduledExecutorService scheduler, final HttpClient http, final String selfBaseUrl,
                  final String apiToken) {
        this.scheduler = scheduler;
        this.http = http;
        this.selfBaseUrl = selfBaseUrl;
        this.apiToken = apiToken;
    }

    void open(final SseClient client) {
        final String sessionId = client.ctx().pathParam("id");
        String lastId = client.ctx().header("Last-Event-ID");
        if (lastId == null || lastId.isBlank()) {
            lastId = client.ctx().queryParam("after");
        }
        client.keepAlive();
        final Follower follower = new Follower(client, sessionId, lastId == null || lastId.isBlank() ? null : lastId);
        follower.future = scheduler.scheduleWithFixedDelay(follower::poll, 0, POLL_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        client.onClose(follower::stop);
    }

    /** One connection's position and poll task. */
    private final class Follower {
        private final SseClient client;
        private final String sessionId;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private volatile ScheduledFuture<?> future;
        private String lastId;
        private int idlePolls;

        Follower(final SseClient client, final String sessionId, final String lastId) {
            this.client = client;
            this.sessionId = sessionId;
            this.lastId = lastId;
        }

        void poll() {
            if (stopped.get() || client.terminated()) {
                stop();
                final ScheduledFuture<?> task = future;
                if (task != null) {
                    task.cancel(false);
                }
                return;
            }
            try {
                final JsonNode page = fetch();
                if (page == null) {
                    return;
                }
                int sent = 0;
                for (final JsonNode event : page.path("events")) {
                    final String id = event.path("id").asText();
                    client.sendEvent("event", Json.write(event), id);
                    lastId = id;
                    sent++;
                }
                if (sent == 0 && ++idlePolls >= KEEP_ALIVE_POLLS) {
                    idlePolls = 0;
                    client.sendComment("keep-alive");
                } else if (sent > 0) {
                    idlePolls = 0;
                }
            } catch (final RuntimeException e) {
                LOG.debug("stream of session {} stopped: {}", sessionId, e.toString());
                stop();
            }
        }

        /** The next page after the last sent event, or null when the API cannot answer right now. */
        private JsonNode fetch() {
            final StringBuilder url = new StringBuilder(selfBaseUrl).append("/api/sessions/")
                    .append(URLEncoder.encode(sessionId, StandardCharsets.UTF_8).replace("+", "%20"))
                    .append("/timeline?limit=").append(MAX_EVENTS_PER_POLL);
            if (lastId != null) {
                url.append("&after=").append(URLEncoder.encode(lastId, StandardCharsets.UTF_8));
            }
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString())).GET()
                    .timeout(Duration.ofSeconds(10));
            if (apiToken != null) {
                request.header("Authorization", "Bearer " + apiToken);
            }
            try {
                final HttpResponse<byte[]> answer = http.send(request.build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() == 200) {
                    return Json.MAPPER.readTree(answer.body());
                }
                if (answer.statusCode() == 400) {
                    client.sendEvent("error", new String(answer.body(), StandardCharsets.UTF_8));
                    stop();
                }
                // 404 (no events yet) and 503 (moving): try again at the next poll.
                return null;
            } catch (final IOException e) {
                return null;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                return null;
            }
        }

        void stop() {
            if (stopped.compareAndSet(false, true)) {
                final ScheduledFuture<?> task = future;
                if (task != null) {
                    task.cancel(false);
                }
                client.close();
            }
        }
    }
}
