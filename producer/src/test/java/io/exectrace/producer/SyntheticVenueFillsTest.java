package io.exectrace.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.KrakenTradesReader;
import io.exectrace.events.ParseResult;
import io.exectrace.events.Stage;
import io.exectrace.events.VenueFill;
import io.exectrace.events.VenueFillEntry;
import io.exectrace.events.VenueFillParser;
import io.exectrace.events.VenueFillResult;
import io.exectrace.events.VenueSymbols;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The venue's side of a synthetic run: seeded and deterministic, leaves the event records as they were, readable by
 * the venue-fills parsers, every kind of difference present, and the expected counts add up against an independent
 * count of both sides' fills.
 */
class SyntheticVenueFillsTest {
    private static final long START = Instant.parse("2025-12-20T10:00:00Z").getEpochSecond() * 1_000_000L;
    private static final double RATE = 0.3;

    private static SynthSettings settings(final long seed) {
        return SynthSettings.defaults(seed, START).withSessions(16).withMaxLines(30_000)
                .withShares(0.1, 0.05, 0.02, 0.7);
    }

    private static List<SyntheticRecord> all(final SyntheticSessions generator) {
        final List<SyntheticRecord> records = new ArrayList<>();
        while (generator.hasNext()) {
            records.add(generator.next());
        }
        return records;
    }

    private static List<VenueFill> valid(final List<VenueFillEntry> entries) {
        final List<VenueFill> fills = new ArrayList<>();
        for (final VenueFillEntry entry : entries) {
            assertThat(entry.result()).as("entry %s", entry).isInstanceOf(VenueFillResult.Valid.class);
            fills.add(((VenueFillResult.Valid) entry.result()).fill());
        }
        return fills;
    }

    @Test
    void theSameSeedGivesTheSameVenueFillsAndCountsAndTheRecordsStayAsTheyWere() {
        final SyntheticVenueFills a = new SyntheticVenueFills(7, VenueFillFormat.GENERIC, RATE);
        final SyntheticVenueFills b = new SyntheticVenueFills(7, VenueFillFormat.GENERIC, RATE);
        final SyntheticVenueFills c = new SyntheticVenueFills(8, VenueFillFormat.GENERIC, RATE);
        final SyntheticSessions ga = new SyntheticSessions(settings(7), a);
        final SyntheticSessions gb = new SyntheticSessions(settings(7), b);
        final SyntheticSessions gc = new SyntheticSessions(settings(8), c);
        final SyntheticSessions plain = new SyntheticSessions(settings(7));
        final List<SyntheticRecord> ra = all(ga);
        all(gb);
        all(gc);
        final List<SyntheticRecord> rp = all(plain);

        assertThat(a.fills()).isNotEmpty();
        assertThat(b.render()).isEqualTo(a.render());
        assertThat(gb.expectedTotals().toJson()).isEqualTo(ga.expectedTotals().toJson());
        assertThat(c.render()).isNotEqualTo(a.render());
        // The venue draws from its own random source: the event records are byte for byte those without it.
        assertThat(ra).hasSameSizeAs(rp);
        for (int i = 0; i < ra.size(); i++) {
            assertThat(ra.get(i).value()).isEqualTo(rp.get(i).value());
            assertThat(ra.get(i).arrivalMicros()).isEqualTo(rp.get(i).arrivalMicros());
        }
    }

    @Test
    void countsAddUpAgainstBothSidesFillsAndEveryKindOfDifferenceIsThere() {
        final SyntheticVenueFills venue = new SyntheticVenueFills(42, VenueFillFormat.GENERIC, RATE);
        final SyntheticSessions generator = new SyntheticSessions(settings(42), venue);
        final List<SyntheticRecord> records = all(generator);
        final ExpectedTotals totals = generator.expectedTotals();

        // Our side, counted independently: distinct fill events that carry a broker order id, per session, and
        // which session each broker order id belongs to.
        final ExecutionEventParser parser = new ExecutionEventParser();
        final Map<String, Long> ourFills = new HashMap<>();
        final Map<String, String> sessionOfOrder = new HashMap<>();
        final Map<String, Long> unkeyedFills = new HashMap<>();
        final Map<String, Long> liveFillsWithoutVenue = new HashMap<>();
        final Set<Object> seen = new HashSet<>();
        for (final SyntheticRecord record : records) {
            if (parser.parse(record.value()) instanceof ParseResult.Valid v && seen.add(v.event().fingerprint())) {
                final ExecutionEvent e = v.event();
                if (e.brokerOrderId() != null) {
                    sessionOfOrder.put(e.brokerOrderId(), e.sessionId());
                    if (e.stage() == Stage.FILL) {
                        ourFills.merge(e.sessionId(), 1L, Long::sum);
                    }
                } else if (e.stage() == Stage.FILL && e.exchange() != null) {
                    unkeyedFills.merge(e.sessionId(), 1L, Long::sum);
                } else if (e.stage() == Stage.FILL && "live".equalsIgnoreCase(e.mode())) {
                    // A Peak_Trade live session's fill: its order is found by client order id only.
                    liveFillsWithoutVenue.merge(e.sessionId(), 1L, Long::sum);
                }
            }
        }
        // The venue's side, read back by the parser the pipeline uses.
        final List<VenueFill> fills = valid(new VenueFillParser(VenueSymbols.defaults()).readFile(venue.render()));
        assertThat(fills).hasSameSizeAs(venue.fills());
        final Map<String, Long> venueFillsOfSession = new HashMap<>();
        final Map<String, Long> foreign = new HashMap<>();
        for (final VenueFill fill : fills) {
            final String session = sessionOfOrder.get(fill.venueOrderId());
            if (session == null) {
                foreign.merge(fill.venue(), 1L, Long::sum);
            } else {
                venueFillsOfSession.merge(session, 1L, Long::sum);
            }
        }

        final long[] results = new long[6];
        int reconciled = 0;
        for (final ExpectedTotals.Session s : totals.sessions()) {
            final Map<String, Long> r = s.reconciliation();
            if (r.isEmpty()) {
                assertThat(ourFills.getOrDefault(s.sessionId(), 0L)).as(s.sessionId() + " has no venue").isZero();
                continue;
            }
            reconciled++;
            assertThat(s.fillsWithoutBrokerOrderId()).as(s.sessionId() + " fills of orders never acked")
                    .isEqualTo(unkeyedFills.getOrDefault(s.sessionId(), 0L));
            assertThat(r.get("matched") + r.get("qty_mismatch") + r.get("price_mismatch") + r.get("fee_mismatch")
                    + r.get("missing_at_venue")).as(s.sessionId() + ": each of our fills decided once")
                    .isEqualTo(ourFills.getOrDefault(s.sessionId(), 0L)
                            + unkeyedFills.getOrDefault(s.sessionId(), 0L)
                            + liveFillsWithoutVenue.getOrDefault(s.sessionId(), 0L));
            assertThat(r.get("matched") + r.get("qty_mismatch") + r.get("price_mismatch") + r.get("fee_mismatch")
                    + r.get("missing_in_ledger")).as(s.sessionId() + ": each of the venue's fills decided once")
                    .isEqualTo(venueFillsOfSession.getOrDefault(s.sessionId(), 0L));
            for (int i = 0; i < results.length; i++) {
                results[i] += r.get(SyntheticVenueFills.RESULTS.get(i));
            }
        }
        assertThat(reconciled).isPositive();
        assertThat(foreign).isEqualTo(nonZero(venue.venueLevel()));
        for (int i = 0; i < results.length; i++) {
            assertThat(results[i]).as(SyntheticVenueFills.RESULTS.get(i)).isPositive();
        }
        for (final Map.Entry<SyntheticVenueFills.Injection, Long> e : venue.injected().entrySet()) {
            assertThat(e.getValue()).as(e.getKey().label()).isPositive();
        }
        // About the configured share of orders got a difference.
        final long injected = venue.injected().values().stream().mapToLong(Long::longValue).sum();
        assertThat((double) injected / venue.orders()).isBetween(RATE * 0.7, RATE * 1.3);
        assertThat(new String(totals.toJson())).contains("\"reconciliation\"", "\"venue_level\"", "\"missing_at_venue\"");
    }

    @Test
    void krakenTradesHoldKrakensFillsOnlyAndReadBackEqual() {
        final SyntheticVenueFills venue = new SyntheticVenueFills(5, VenueFillFormat.KRAKEN_TRADES, RATE);
        final SyntheticSessions generator = new SyntheticSessions(settings(5), venue);
        all(generator);
        assertThat(venue.fills()).isNotEmpty().allMatch(f -> f.venue().equals("kraken"));
        final List<VenueFill> read = valid(new KrakenTradesReader(VenueSymbols.defaults()).read(venue.render()));
        final Comparator<VenueFill> byTrade = Comparator.comparing(VenueFill::tradeId);
        assertThat(read.stream().sorted(byTrade).toList())
                .isEqualTo(venue.fills().stream().sorted(byTrade).toList());
        for (final ExpectedTotals.Session s : generator.expectedTotals().sessions()) {
            // Kraken's sessions, and the live sessions that name no venue (found by client order id).
            assertThat(s.reconciliation().isEmpty()).as(s.sessionId())
                    .isEqualTo(!"kraken".equals(s.exchange()) && !(s.exchange() == null && "live".equals(s.mode)));
        }
    }

    private static Map<String, Long> nonZero(final Map<String, Long> counts) {
        final Map<String, Long> out = new HashMap<>();
        counts.forEach((k, v) -> {
            if (v > 0) {
                out.put(k, v);
            }
        });
        return out;
    }
}
