package io.exectrace.streams.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.events.ChainOutcome;
import io.exectrace.events.Stage;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.testing.FixtureView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The ground truth of a seeded synthetic run ({@link ExpectedTotals}, read through its
 * {@code --expected} JSON) in the shapes the pipeline's answers are compared with: one {@link FixtureView} per
 * session and one {@link Totals} overall.
 */
final class SyntheticExpectations {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 20 sessions, 20,000 lines, both dialects, with the default shares of late, duplicate and invalid lines. */
    static final SynthSettings SETTINGS = SynthSettings.defaults(20_251_220L,
            Instant.parse("2025-12-20T08:00:00Z").getEpochSecond() * 1_000_000L)
            .withSessions(20)
            .withMaxLines(20_000);

    private final ExpectedTotals totals;

    private SyntheticExpectations(final ExpectedTotals totals) {
        this.totals = totals;
    }

    /** The ground truth of a generator that has handed out all its records. */
    static SyntheticExpectations of(final ExpectedTotals totals) {
        if (!totals.complete()) {
            throw new IllegalStateException("the generator has not finished its chains yet");
        }
        return new SyntheticExpectations(totals);
    }

    /** Runs a generator with these settings to its end, handing each record to {@code sink}. */
    static SyntheticExpectations generate(final SynthSettings settings, final Consumer<SyntheticRecord> sink) {
        final SyntheticSessions generator = new SyntheticSessions(settings);
        while (generator.hasNext()) {
            sink.accept(generator.next());
        }
        return of(generator.expectedTotals());
    }

    ExpectedTotals totals() {
        return totals;
    }

    /** What the generator says each session's summary must be once every chain is closed, by session id. */
    Map<String, FixtureView> sessions() {
        final Map<String, FixtureView> sessions = new LinkedHashMap<>();
        for (final JsonNode s : readJson().get("sessions")) {
            final FixtureView view = view(s);
            sessions.put(view.sessionId(), view);
        }
        return sessions;
    }

    /** The generator's overall totals, from its own counters (not summed from the per-session views). */
    Totals overall() {
        final Map<String, Long> byStage = new TreeMap<>();
        for (final Stage stage : Stage.values()) {
            if (totals.events(stage) > 0) {
                byStage.put(stage.label(), totals.events(stage));
            }
        }
        final Map<String, Long> outcomes = new TreeMap<>();
        for (final ChainOutcome outcome : ChainOutcome.values()) {
            if (totals.chains(outcome) > 0) {
                outcomes.put(outcome.label(), totals.chains(outcome));
            }
        }
        return new Totals(totals.sessions().size(), totals.events(), totals.duplicates(), totals.invalid(), byStage,
                outcomes);
    }

    private JsonNode readJson() {
        try {
            return JSON.readTree(totals.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FixtureView view(final JsonNode s) {
        final JsonNode quality = s.get("data_quality");
        return new FixtureView(s.get("session_id").asText(), s.get("mode").asText(), texts(s.get("exchanges")),
                s.get("events").asLong(), s.get("duplicates").asLong(), s.get("parse_errors").asLong(),
                counts(s.get("by_stage")), texts(s.get("symbols")), micros(s.get("first_ts")),
                micros(s.get("last_ts")), s.get("error_events").asLong(), counts(s.get("risk_blocks")),
                quality.get("backward_jumps").asLong(), quality.get("gaps_over_1h").asLong(),
                quality.get("zoneless_ts").asLong(), quality.get("non_string_ids").asLong(),
                quality.get("negative_latencies").asLong(), counts(s.get("chains_by_outcome")));
    }

    private static List<String> texts(final JsonNode array) {
        final List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static Map<String, Long> counts(final JsonNode object) {
        final Map<String, Long> counts = new TreeMap<>();
        for (final Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> e = it.next();
            counts.put(e.getKey(), e.getValue().asLong());
        }
        return counts;
    }

    private static long micros(final JsonNode ts) {
        if (ts.isNull()) {
            return Long.MIN_VALUE;
        }
        final Instant instant = Instant.parse(ts.asText());
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
    }

    /**
     * Totals over all sessions in the vocabulary both sides share.
     *
     * @param sessions        sessions with at least one record
     * @param events          distinct valid events
     * @param duplicates      redeliveries
     * @param parseErrors     invalid records
     * @param byStage         distinct events by stage label
     * @param chainsByOutcome closed chains by outcome label
     */
    record Totals(long sessions, long events, long duplicates, long parseErrors, Map<String, Long> byStage,
                  Map<String, Long> chainsByOutcome) {

        /** The sum of the pipeline's session summaries. */
        static Totals of(final Collection<SessionSummary> summaries) {
            long events = 0;
            long duplicates = 0;
            long parseErrors = 0;
            final Map<String, Long> byStage = new TreeMap<>();
            final Map<String, Long> outcomes = new TreeMap<>();
            for (final SessionSummary s : summaries) {
                events += s.events();
                duplicates += s.duplicates();
                parseErrors += s.parseErrors();
                s.eventsByStage().forEach((stage, n) -> {
                    if (n > 0) {
                        byStage.merge(stage.label(), n, Long::sum);
                    }
                });
                s.chainsByOutcome().forEach((outcome, n) -> {
                    if (n > 0) {
                        outcomes.merge(outcome.label(), n, Long::sum);
                    }
                });
            }
            return new Totals(summaries.size(), events, duplicates, parseErrors, byStage, outcomes);
        }

        long chains() {
            return chainsByOutcome.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
