package io.exectrace.api;

import io.exectrace.streams.app.Registry;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.OpenChainView;
import io.exectrace.streams.correlation.SessionSummary;
import io.javalin.http.Context;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * GET /api/sessions/{id}/chains?state=open: the chains of a session that have not closed yet, read from the
 * correlation state of the session's owner (as of its last write, at most about 100 ms old), in start order.
 * Only {@code symbol} and {@code limit} apply; the closed chains' {@code outcome}, {@code min_latency_ms} and
 * {@code cursor} are refused rather than ignored, so a client never mistakes an unfiltered answer for a filtered one.
 * There is no cursor: the set changes with every record, and a session has few chains open at a time.
 */
final class OpenChainEndpoint {

    /** Parameters that only mean something for closed chains. */
    private static final List<String> CLOSED_ONLY = List.of("outcome", "min_latency_ms", "cursor");

    private final StoreAccess access;
    private final SessionRouter router;
    private final Duration settleTime;
    private final Clock clock;

    OpenChainEndpoint(final StoreAccess access, final SessionRouter router, final Duration settleTime,
                      final Clock clock) {
        this.access = access;
        this.router = router;
        this.settleTime = settleTime;
        this.clock = clock;
    }

    /** Answers the request {@link ChainEndpoint} found to ask for open chains. */
    void list(final Context ctx, final QueryParams params) throws IOException {
        final String sessionId = ctx.pathParam("id");
        final QueryParams.Format format = params.format();
        final int limit = params.limit(format);
        final String symbol = params.text("symbol");
        for (final String parameter : CLOSED_ONLY) {
            if (params.text(parameter) != null) {
                throw ApiException.badRequest(parameter + " applies to closed chains only, not to state=open");
            }
        }
        // The summary and the open chains are written by the same processor, so they share a task and an owner.
        final SessionRouter.LocalRead read = router.route(ctx, Registry.SESSION_SUMMARY.name(), sessionId);
        if (read == null) {
            return;
        }
        final SessionSummary summary = SessionEndpoint.requireSummary(access, sessionId, read);
        final ReadOnlyKeyValueStore<Bytes, byte[]> store = access.partition(Registry.CORRELATION_STATE,
                read.partition(), read.stale());
        final List<OpenChainView> matching = new ArrayList<>();
        for (final OpenChainView chain : CorrelationStores.readOpenChains(store, sessionId, summary.lastTsMicros())) {
            if (symbol == null || symbol.equalsIgnoreCase(chain.symbol())) {
                matching.add(chain);
            }
        }
        final List<OpenChainView> page = matching.subList(0, Math.min(limit, matching.size()));
        final long now = clock.millis();
        if (format == QueryParams.Format.CSV) {
            Responses.csvAttachment(ctx, "open_chains_" + Responses.fileSafe(sessionId) + ".csv");
            try (CsvWriter csv = new CsvWriter(ctx.outputStream())) {
                csv.row(InFlightChainView.CSV_COLUMNS);
                for (final OpenChainView chain : page) {
                    InFlightChainView.csv(csv, chain, settleTime, now);
                }
            }
            return;
        }
        final List<Map<String, Object>> chains = new ArrayList<>(page.size());
        for (final OpenChainView chain : page) {
            chains.add(InFlightChainView.json(chain, settleTime, now));
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("session_id", sessionId);
        answer.put("state", "open");
        answer.put("session_clock", SessionView.ts(summary.lastTsMicros()));
        answer.put("count", chains.size());
        answer.put("total", matching.size());
        answer.put("chains", chains);
        ctx.json(answer);
    }
}
