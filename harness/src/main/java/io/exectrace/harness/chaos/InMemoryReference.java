package io.exectrace.harness.chaos;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.correlation.ClosedChainSerde;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.LatencySketches;
import io.exectrace.streams.correlation.SessionAnalyzer;
import io.exectrace.streams.correlation.SessionLatencies;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.json.SessionSummaryJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The uninterrupted run computed without Kafka: the same synthetic input (regenerated from its seed) through the
 * pipeline's own correlation code ({@link SessionAnalyzer}, state in memory), every session closed at the end as
 * the idle timeout closes it in the app. Its {@link PipelineSnapshot} has the same shape as one read from Kafka,
 * so a run is compared with it the same way as with a reference app run.
 */
final class InMemoryReference {
    private static final HexFormat HEX = HexFormat.of();

    private InMemoryReference() {
    }

    /** The reference for input keyed as {@code keying} says, which decides where an invalid record is counted. */
    static PipelineSnapshot of(final SynthSettings settings, final InputKeying keying) {
        final Map<String, List<String>> chains = new TreeMap<>();
        final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), chain ->
                chains.computeIfAbsent(chain.sessionId() + "/" + chain.chainId(), k -> new ArrayList<>())
                        .add(new String(ClosedChainSerde.toJson(chain), StandardCharsets.UTF_8)));
        final ExecutionEventParser parser = new ExecutionEventParser();
        final SyntheticSessions generator = new SyntheticSessions(settings);
        while (generator.hasNext()) {
            final SyntheticRecord r = generator.next();
            final ParseResult result = parser.parse(r.value());
            if (result instanceof ParseResult.Valid valid) {
                analyzer.accept(valid.event().sessionId(), SessionInput.valid(valid.event()), 0L);
            } else {
                final ParseResult.Invalid invalid = (ParseResult.Invalid) result;
                final String session = keying.sessionOfInvalid(r, invalid);
                if (session != null) {
                    analyzer.accept(session, SessionInput.invalid(invalid.reason()), 0L);
                }
            }
        }
        analyzer.closeAll();
        final Map<String, String> summaries = new TreeMap<>();
        final Map<String, String> latencies = new TreeMap<>();
        for (final String session : analyzer.sessionIds()) {
            final SessionSummary summary = analyzer.summary(session);
            summaries.put(session, SessionSummaryJson.of(summary, null).toString());
            final SessionLatencies profiles = analyzer.latencies(session);
            put(latencies, session, null, profiles.all());
            profiles.bySymbol().forEach((symbol, profile) -> put(latencies, session, symbol, profile));
        }
        return new PipelineSnapshot(summaries, analyzer.sessionIds(), latencies, chains);
    }

    private static void put(final Map<String, String> latencies, final String session, final String symbol,
                            final LatencySketches profile) {
        if (!profile.isEmpty()) {
            latencies.put(HEX.formatHex(CorrelationStores.latencyKey(session, symbol).get()),
                    HEX.formatHex(profile.encode()));
        }
    }
}
