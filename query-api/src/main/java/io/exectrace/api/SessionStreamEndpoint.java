package io.exectrace.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/stream/sessions/{id}: pushes each event of the session ({@code event: event}, data = the timeline JSON),
 * each closed chain ({@code event: chain}, data = the chains JSON) and the session's open chains whenever they
 * change ({@code event: open_chains}, data = the whole {@code chains?state=open} answer; first sent on connect) as
 * Server-Sent Events. The {@code id:} of every message is {@code EVENT_POSITION.CHAIN_POSITION}: the timeline
 * position of the last event and the chain cursor of the last chain sent so far (either may be empty), so one
 * {@code Last-Event-ID} resumes both; the open chains need no position, a new connection gets the current ones.
 *
 * <p>The stream polls this API's own timeline endpoint every {@link #POLL_INTERVAL} for the events after the last
 * one sent, so it follows the session to whichever instance owns it (forwarding, standby, rebalance) with the same
 * code as every other request. Each poll reads at most {@link #MAX_EVENTS_PER_POLL} events; a client that
 * reconnects with {@code Last-Event-ID} (or first connects with {@code ?after=ID}) resumes after that event.
 */
final class SessionStreamEndpoint {

    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final int MAX_EVENTS_PER_POLL = 500;
    /** Open chains an {@code open_chains} message lists at most (its {@code total} tells how many there are). */
    static final int MAX_OPEN_CHAINS = 500;
    /** A comment line every this many idle polls keeps proxies from closing a quiet stream. */
    private static final int KEEP_ALIVE_POLLS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(SessionStreamEndpoint.class);

    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final Supplier<String> selfBaseUrl;
    private final String apiToken;

    SessionStreamEndpoint(final ScheduledExecutorService scheduler, final HttpClient http,
                          final Supplier<String> selfBaseUrl, final String apiToken) {
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
        final Follower follower = new Follower(client, sessionId, lastId == null ? "" : lastId.trim());
        follower.future = scheduler.scheduleWithFixedDelay(follower::poll, 0, POLL_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        client.onClose(follower::stop);
    }

    /** The open chains as text without {@code age_arrival_ms}, which changes at every poll. */
    private static String withoutArrivalAges(final JsonNode chains) {
        final ArrayNode copy = chains.isArray() ? ((ArrayNode) chains).deepCopy() : Json.MAPPER.createArrayNode();
        copy.forEach(chain -> ((ObjectNode) chain).remove("age_arrival_ms"));
        return copy.toString();
    }

    /** One connection's position and poll task. */
    private final class Follower {
        private final SseClient client;
        private final String sessionId;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private volatile ScheduledFuture<?> future;
        private String lastEvent;
        private String lastChain;
        private String lastChainId;
        private boolean chainsAvailable = true;
        /** The open chains last sent, without their ever-growing wall-clock ages; null before the first. */
        private String lastOpen;
        private int idlePolls;

        Follower(final SseClient client, final String sessionId, final String resumeId) {
            this.client = client;
            this.sessionId = sessionId;
            final int dot = resumeId.indexOf('.');
            final String event = dot < 0 ? resumeId : resumeId.substring(0, dot);
            final String chain = dot < 0 ? "" : resumeId.substring(dot + 1);
            this.lastEvent = event.isEmpty() ? null : event;
            this.lastChain = chain.isEmpty() ? null : chain;
        }

        private String id() {
            return (lastEvent == null ? "" : lastEvent) + "." + (lastChain == null ? "" : lastChain);
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
                int sent = 0;
                final JsonNode page = fetch(timelineUrl());
                if (page != null) {
                    for (final JsonNode event : page.path("events")) {
                        lastEvent = event.path("id").asText();
                        client.sendEvent("event", Json.write(event), id());
                        sent++;
                    }
                }
                final JsonNode chains = chainsAvailable ? fetch(chainsUrl()) : null;
                if (chains != null) {
                    for (final JsonNode chain : chains.path("chains")) {
                        final String chainId = chain.path("chain_id").asText();
                        if (chainId.equals(lastChainId)) {
                            continue; // the cursor is inclusive: the first chain is the last one sent
                        }
                        lastChainId = chainId;
                        lastChain = ChainEndpoint.ChainCursor.of(chain).encode();
                        client.sendEvent("chain", Json.write(chain), id());
                        sent++;
                    }
                }
                // After the closed chains: a chain that closed in between is in both for at most one poll.
                final JsonNode open = fetch(openChainsUrl());
                if (open != null) {
                    final String signature = withoutArrivalAges(open.path("chains")) + open.path("total");
                    if (!signature.equals(lastOpen)) {
                        lastOpen = signature;
                        client.sendEvent("open_chains", Json.write(open), id());
                        sent++;
                    }
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

        private String timelineUrl() {
            final StringBuilder url = new StringBuilder(sessionUrl()).append("/timeline?limit=")
                    .append(MAX_EVENTS_PER_POLL);
            if (lastEvent != null) {
                url.append("&after=").append(URLEncoder.encode(lastEvent, StandardCharsets.UTF_8));
            }
            return url.toString();
        }

        private String chainsUrl() {
            final StringBuilder url = new StringBuilder(sessionUrl()).append("/chains?limit=")
                    .append(MAX_EVENTS_PER_POLL);
            if (lastChain != null) {
                url.append("&cursor=").append(URLEncoder.encode(lastChain, StandardCharsets.UTF_8));
            }
            return url.toString();
        }

        private String openChainsUrl() {
            return sessionUrl() + "/chains?state=open&limit=" + MAX_OPEN_CHAINS;
        }

        private String sessionUrl() {
            return selfBaseUrl.get() + "/api/sessions/"
                    + URLEncoder.encode(sessionId, StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** One page from the API, or null when it cannot answer right now. */
        private JsonNode fetch(final String url) {
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET()
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
                if (answer.statusCode() == 501) {
                    chainsAvailable = false;
                    return null;
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
