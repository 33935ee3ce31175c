package io.exectrace.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.events.ChainOutcome;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.correlation.ClosedChain;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * GET /api/sessions/{id}/chains: a session's closed chains from the {@code session-chains} store, in close-time
 * order, filtered and paged, as JSON or streamed CSV (one column per latency edge). With {@code state=open} the
 * request goes to {@link OpenChainEndpoint}.
 */
final class ChainEndpoint {

    private static final Base64.Encoder CURSOR_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder CURSOR_DECODER = Base64.getUrlDecoder();

    private final StoreAccess access;
    private final SessionRouter router;
    private final ApiSettings settings;
    private final boolean chainsAvailable;
    private final OpenChainEndpoint openChains;

    ChainEndpoint(final StoreAccess access, final SessionRouter router, final ApiSettings settings,
                  final boolean chainsAvailable, final OpenChainEndpoint openChains) {
        this.access = access;
        this.router = router;
        this.settings = settings;
        this.chainsAvailable = chainsAvailable;
        this.openChains = openChains;
    }

    /** GET /api/sessions/{id}/chains. */
    void list(final Context ctx) throws IOException {
        final QueryParams params = new QueryParams(ctx, settings.maxJsonLimit());
        if (params.chainState() == QueryParams.ChainState.OPEN) {
            openChains.list(ctx, params);
            return;
        }
        final String sessionId = ctx.pathParam("id");
        final QueryParams.Format format = params.format();
        final int limit = params.limit(format);
        final ChainOutcome outcome = params.outcome();
        final String symbol = params.text("symbol");
        final double minLatency = params.nonNegative("min_latency_ms");
        final ChainCursor cursor = params.text("cursor") == null ? null : ChainCursor.decode(params.text("cursor"));
        if (!chainsAvailable) {
            throw new ApiException.NotImplemented("this topology keeps no " + Registry.SESSION_CHAINS.name()
                    + " store; chains are on the " + "chains topic only");
        }
        final SessionRouter.LocalRead read = router.route(ctx, Registry.TIMELINE_INDEX.name(), sessionId);
        if (read == null) {
            return;
        }
        SessionEndpoint.requireSession(access, sessionId, read);
        final ReadOnlyWindowStore<String, ClosedChain> store = access.partition(Registry.SESSION_CHAINS,
                read.partition(), read.stale());
        final ChainSink sink;
        final List<Map<String, Object>> rows = new ArrayList<>();
        CsvWriter csv = null;
        if (format == QueryParams.Format.CSV) {
            Responses.csvAttachment(ctx, "chains_" + Responses.fileSafe(sessionId) + ".csv");
            csv = new CsvWriter(ctx.outputStream());
            csv.row(ChainView.csvHeader());
            final CsvWriter out = csv;
            sink = chain -> ChainView.csv(out, chain);
        } else {
            sink = chain -> rows.add(ChainView.json(chain));
        }
        String next = null;
        int matched = 0;
        boolean skipping = cursor != null;
        try (WindowStoreIterator<ClosedChain> all = store.fetch(sessionId,
                Instant.ofEpochMilli(cursor == null ? 0L : cursor.closeMillis()), Instant.ofEpochMilli(Long.MAX_VALUE))) {
            while (all.hasNext()) {
                final KeyValue<Long, ClosedChain> entry = all.next();
                final ClosedChain chain = entry.value;
                if (skipping) {
                    if (entry.key == cursor.closeMillis() && !chain.chainId().equals(cursor.chainId())) {
                        continue;
                    }
                    skipping = false;
                }
                if ((outcome != null && chain.outcome() != outcome)
                        || (symbol != null && !symbol.equalsIgnoreCase(chain.symbol()))
                        || (!Double.isNaN(minLatency) && !(ChainView.longestLatency(chain) >= minLatency))) {
                    continue;
                }
                if (matched == limit) {
                    next = new ChainCursor(entry.key, chain.chainId()).encode();
                    break;
                }
                sink.accept(chain);
                matched++;
            }
        } finally {
            if (csv != null) {
                csv.close();
            }
        }
        if (csv != null) {
            return;
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("session_id", sessionId);
        answer.put("count", rows.size());
        answer.put("chains", rows);
        answer.put("next_cursor", next);
        ctx.json(answer);
    }

    /** Receives one matching chain. */
    @FunctionalInterface
    private interface ChainSink {
        void accept(ClosedChain chain);
    }

    /** Position of the next chain: (close time ms, chain id). */
    record ChainCursor(long closeMillis, String chainId) {

        /** The cursor that starts at a chain of the chains JSON. */
        static ChainCursor of(final JsonNode chain) {
            return new ChainCursor(Instant.parse(chain.path("close_ts").asText()).toEpochMilli(),
                    chain.path("chain_id").asText());
        }

        String encode() {
            return CURSOR_ENCODER.encodeToString((closeMillis + ":" + chainId).getBytes(StandardCharsets.UTF_8));
        }

        static ChainCursor decode(final String text) {
            try {
                final String plain = new String(CURSOR_DECODER.decode(text), StandardCharsets.UTF_8);
                final int colon = plain.indexOf(':');
                if (colon > 0) {
                    return new ChainCursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1));
                }
            } catch (final IllegalArgumentException e) {
                // reported below (NumberFormatException is an IllegalArgumentException)
            }
            throw ApiException.badRequest("malformed cursor");
        }
    }
}
