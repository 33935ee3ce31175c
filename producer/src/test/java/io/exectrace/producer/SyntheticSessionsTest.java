package io.exectrace.producer;

import io.exectrace.events.ChainOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.events.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The generator is deterministic, and its own totals agree with what the real parser reads from its lines. */
class SyntheticSessionsTest {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticSessionsTest.class);
    private static final long START = Instant.parse("2025-12-20T10:00:00Z").getEpochSecond() * 1_000_000L;

    private static SynthSettings settings(final long seed) {
        return SynthSettings.defaults(seed, START).withSessions(25).withMaxLines(40_000)
                .withShares(0.1, 0.05, 0.02, 0.5);
    }

    private static List<SyntheticRecord> all(final SyntheticSessions generator) {
        final List<SyntheticRecord> records = new ArrayList<>();
        while (generator.hasNext()) {
            records.add(generator.next());
        }
        return records;
    }

    @Test
    void theSameSeedGivesTheSameBytesAndTotalsAndAnotherSeedDoesNot() {
        final SyntheticSessions a = new SyntheticSessions(settings(7));
        final SyntheticSessions b = new SyntheticSessions(settings(7));
        final SyntheticSessions c = new SyntheticSessions(settings(8));
        final List<SyntheticRecord> ra = all(a);
        final List<SyntheticRecord> rb = all(b);
        final List<SyntheticRecord> rc = all(c);
        assertThat(ra).hasSize(40_000).hasSameSizeAs(rb);
        for (int i = 0; i < ra.size(); i++) {
            assertThat(rb.get(i).value()).isEqualTo(ra.get(i).value());
            assertThat(rb.get(i).key()).isEqualTo(ra.get(i).key());
            assertThat(rb.get(i).arrivalMicros()).isEqualTo(ra.get(i).arrivalMicros());
        }
        assertThat(b.expectedTotals().toJson()).isEqualTo(a.expectedTotals().toJson());
        assertThat(a.expectedTotals().complete()).isTrue();
        assertThat(rc.get(0).value()).isNotEqualTo(ra.get(0).value());
        assertThat(c.expectedTotals().toJson()).isNotEqualTo(a.expectedTotals().toJson());
    }

    @Test
    void totalsAgreeWithAnIndependentCountByTheRealParser() {
        final SyntheticSessions generator = new SyntheticSessions(settings(42));
        final List<SyntheticRecord> records = all(generator);
        final ExpectedTotals totals = generator.expectedTotals();

        final ExecutionEventParser parser = new ExecutionEventParser();
        final Map<String, Count> bySession = new HashMap<>();
        for (final SyntheticRecord record : records) {
            final ParseResult result = parser.parse(record.value());
            final Count count = bySession.computeIfAbsent(record.key(), k -> new Count());
            count.lines++;
            if (result instanceof ParseResult.Valid valid) {
                final ExecutionEvent event = valid.event();
                assertThat(event.sessionId()).isEqualTo(record.key());
                assertThat(event.qualityFlags()).isZero();
                count.valid++;
                if (count.fingerprints.add(event.fingerprint())) {
                    count.byStage.merge(event.stage(), 1L, Long::sum);
                    if (count.previousTs != Long.MIN_VALUE && count.previousTs - event.tsMicros() > 1_000_000) {
                        count.backwardJumps++;
                    }
                    count.previousTs = event.tsMicros();
                    if (event.stage() == Stage.INTENT) {
                        count.intents++;
                    }
                } else {
                    count.duplicates++;
                }
            } else {
                count.invalid++;
            }
        }

        assertThat(totals.sessions()).hasSize(25);
        assertThat(totals.lines()).isEqualTo(records.size());
        long chains = 0;
        for (final ExpectedTotals.Session s : totals.sessions()) {
            final Count count = bySession.getOrDefault(s.sessionId(), new Count());
            assertThat(s.lines()).as(s.sessionId() + " lines").isEqualTo(count.lines);
            assertThat(s.valid()).as(s.sessionId() + " valid").isEqualTo(count.valid);
            assertThat(s.invalid()).as(s.sessionId() + " invalid").isEqualTo(count.invalid);
            assertThat(s.events()).as(s.sessionId() + " events").isEqualTo(count.fingerprints.size());
            assertThat(s.duplicates()).as(s.sessionId() + " duplicates").isEqualTo(count.duplicates);
            for (final Stage stage : Stage.values()) {
                assertThat(s.events(stage)).as(s.sessionId() + " " + stage).isEqualTo(count.byStage.getOrDefault(stage, 0L));
            }
            assertThat(count.backwardJumps).as("late events move by less than 1 s").isZero();
            long sessionChains = 0;
            for (final ChainOutcome outcome : ChainOutcome.values()) {
                sessionChains += s.chains(outcome);
            }
            // Every chain starts with exactly one intent.
            assertThat(sessionChains).as(s.sessionId() + " chains").isEqualTo(count.intents);
            chains += sessionChains;
        }
        // The test's shares are large enough that every kind of line and outcome shows up.
        assertThat(totals.invalid()).isPositive();
        assertThat(totals.duplicates()).isPositive();
        for (final ChainOutcome outcome : ChainOutcome.values()) {
            assertThat(totals.chains(outcome)).as(outcome.label()).isPositive();
        }
        for (final Stage stage : Stage.values()) {
            assertThat(totals.events(stage)).as(stage.label()).isPositive();
        }
        assertThat(chains).isPositive();
    }

    @Test
    void aDurationEndsTheRunAndChainsUnderWayComplete() {
        final SynthSettings settings = SynthSettings.defaults(3, START).withSessions(5).withDurationMicros(60_000_000L)
                .withEventsPerSecond(50);
        final SyntheticSessions generator = new SyntheticSessions(settings);
        final List<SyntheticRecord> records = all(generator);
        assertThat(records).isNotEmpty();
        assertThat(records.get(records.size() - 1).arrivalMicros()).isLessThan(START + 60_000_000L + 60_000_000L);
        assertThat(generator.expectedTotals().complete()).isTrue();
        // About 50 records per second of event time for 60 s.
        assertThat(records.size()).isBetween(1500, 4500);
    }

    @Test
    void stopEndsAnOpenEndedRunWithEveryStartedChainComplete() {
        final SyntheticSessions generator = new SyntheticSessions(SynthSettings.defaults(5, START));
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            seen.add(generator.next().key());
        }
        generator.stop();
        int drained = 0;
        while (generator.hasNext()) {
            generator.next();
            drained++;
        }
        assertThat(seen).hasSize(10);
        assertThat(drained).isLessThan(5_000);
        assertThat(generator.expectedTotals().complete()).isTrue();
        assertThat(generator.expectedTotals().lines()).isEqualTo(5_000 + drained);
    }

    @Test
    void generatesFast() {
        final SyntheticSessions generator = new SyntheticSessions(
                SynthSettings.defaults(11, START).withSessions(1000).withMaxLines(300_000));
        final long started = System.nanoTime();
        long bytes = 0;
        while (generator.hasNext()) {
            bytes += generator.next().value().length;
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("generated 300000 records ({} MB) in {} s: {} records/s", bytes >> 20, String.format("%.2f", seconds),
                String.format("%.0f", 300_000 / seconds));
        assertThat(generator.expectedTotals().lines()).isEqualTo(300_000);
    }

    private static final class Count {
        long lines;
        long valid;
        long invalid;
        long duplicates;
        long intents;
        long backwardJumps;
        long previousTs = Long.MIN_VALUE;
        final Set<Long> fingerprints = new HashSet<>();
        final Map<Stage, Long> byStage = new HashMap<>();
    }
}
