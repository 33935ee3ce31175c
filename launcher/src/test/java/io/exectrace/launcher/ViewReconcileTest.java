package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.events.fixtures.GoldenFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code view --reconcile} over {@code ledger_v1.jsonl} and its venue fixtures in both formats, and over
 * {@code venue/client_order_ids.jsonl} (two runs reusing client order ids, found by client order id and time): every
 * venue fill's result, session and ledger line, and the fills missing at the venue, as the expected files say by hand.
 */
class ViewReconcileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEDGER = GoldenFixtures.folder().resolve("ledger_v1.jsonl").toString();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ledger_v1.venue-fills,generic", "ledger_v1.kraken-trades,kraken-trades",
            "client_order_ids.venue-fills,generic"})
    void everyFillIsWhatTheExpectedFileSays(final String stem, final String format) throws IOException {
        final JsonNode expected = JSON.readTree(venue(stem + ".expected.json").toFile());
        final String venueFile = venue(expected.get("file").asText()).toString();
        final String log = expected.has("log") ? GoldenFixtures.folder().resolve(expected.get("log").asText())
                .toString() : LEDGER;
        final CliRun run = CliRun.of("view", "--path", log, "--reconcile", "--venue-fills", venueFile,
                "--venue-format", format, "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        if (expected.get("invalid").asInt() > 0) {
            assertThat(run.err()).contains(expected.get("invalid").asInt() + " invalid venue fill entries skipped");
        }

        // Every decision of the output, with the session it was printed under (null at venue level).
        final List<JsonNode> decisions = new ArrayList<>();
        final List<String> sessionOf = new ArrayList<>();
        final Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (final JsonNode line : run.json()) {
            final String session = line.hasNonNull("session_id") ? line.get("session_id").asText() : null;
            counts.put(session == null ? "venue " + line.get("venue").asText() : session,
                    JSON.convertValue(line.get("counts"), JSON.getTypeFactory().constructMapType(TreeMap.class,
                            String.class, Integer.class)));
            for (final JsonNode d : line.get("fills")) {
                decisions.add(d);
                sessionOf.add(session);
            }
        }

        final Map<String, Map<String, Integer>> wantCounts = new TreeMap<>();
        int withVenueFill = 0;
        for (final JsonNode want : expected.get("fills")) {
            final String tradeId = want.get("trade_id").asText();
            final int i = indexOfTrade(decisions, tradeId);
            assertThat(i).as("a decision for " + tradeId).isNotNegative();
            final JsonNode got = decisions.get(i);
            assertThat(got.get("result").asText()).as(tradeId).isEqualTo(want.get("result").asText());
            assertThat(sessionOf.get(i)).as(tradeId).isEqualTo(text(want, "session"));
            assertThat(got.get("venue").get("line").asLong()).as(tradeId).isEqualTo(want.get("line").asLong());
            assertThat(got.get("venue").get("file").asText()).isEqualTo(venueFile);
            if (want.get("ledger_line").isNull()) {
                assertThat(got.get("ours").isNull()).as(tradeId).isTrue();
            } else {
                assertThat(got.get("ours").get("line").asLong()).as(tradeId)
                        .isEqualTo(want.get("ledger_line").asLong());
                assertThat(got.get("ours").get("file").asText()).isEqualTo(log);
            }
            withVenueFill++;
            count(wantCounts, want);
        }

        final List<JsonNode> missingAtVenue = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).get("result").asText().equals("missing_at_venue")) {
                missingAtVenue.add(decisions.get(i));
                assertThat(decisions.get(i).get("venue").isNull()).isTrue();
            }
        }
        final JsonNode wantMissing = expected.get("missing_at_venue");
        assertThat(missingAtVenue).hasSize(wantMissing.size());
        for (int i = 0; i < wantMissing.size(); i++) {
            final JsonNode want = wantMissing.get(i);
            final JsonNode got = missingAtVenue.get(i);
            final JsonNode ours = got.get("ours");
            assertThat(sessionOf.get(decisions.indexOf(got))).isEqualTo(want.get("session").asText());
            assertThat(ours.get("line").asLong()).isEqualTo(want.get("ledger_line").asLong());
            assertThat(got.get("client_order_id").asText()).isEqualTo(want.get("client_order_id").asText());
            assertThat(text(got, "broker_order_id")).isEqualTo(text(want, "broker_order_id"));
            assertThat(ours.get("ts").asText()).isEqualTo(want.get("ts").asText());
            assertThat(ours.get("qty").decimalValue()).isEqualByComparingTo(want.get("qty").decimalValue());
            assertThat(ours.get("price").decimalValue()).isEqualByComparingTo(want.get("price").decimalValue());
            assertThat(ours.get("fee").decimalValue()).isEqualByComparingTo(want.get("fee").decimalValue());
            count(wantCounts, want);
        }
        // Nothing else was decided: one decision per venue fill, plus our fills missing at the venue.
        assertThat(decisions).hasSize(withVenueFill + wantMissing.size());
        assertThat(counts).isEqualTo(wantCounts);
    }

    @Test
    void textShowsCountsAndEveryFillThatIsNotMatchedWithBothSides() {
        final String venueFile = venue("ledger_v1.venue-fills.jsonl").toString();
        final CliRun run = CliRun.of("view", "--path", LEDGER, "--reconcile", "--venue-fills", venueFile);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("\u001b[");
        assertThat(run.lines()).containsSubsequence(
                "session ledger_v1",
                "  fills          matched 1  qty_mismatch 1  price_mismatch 1  fee_mismatch 1  missing_at_venue 1  "
                        + "missing_in_ledger 1",
                "  fee_mismatch       order c-0001 / OUF4EM-FRGI2-MQMWZD",
                "      ours   2025-12-20T14:00:00.400Z  qty 0.25  price 92010.0  fee 59.81  " + LEDGER + ":5",
                "      venue  2025-12-20T14:00:00.398100Z  qty 0.25  price 92010.0  fee 59.95 EUR  trade "
                        + "THVRQM-33VKH-UCI7BS  " + venueFile + ":1",
                "  missing_at_venue   order c-0001 / OUF4EM-FRGI2-MQMWZD",
                "      venue  none",
                "  qty_mismatch       order c-0002 / OK8HFF-5J2PL-XLR17S",
                "  missing_in_ledger  order c-0005 / O3Z7QY-GYE2N-7UPHRA",
                "      ours   none",
                "  price_mismatch     order c-0006 / ON4NE2-KTHQ7-7BZKAV",
                "venue kraken: fills for no order of ours",
                "  fills          missing_in_ledger 1",
                "  missing_in_ledger  order OQCLML-BW3P3-BUCMWZ (not ours)");
        // The matched fill (T5EBJW) is counted, not listed.
        assertThat(run.out()).doesNotContain("T5EBJW-RN6HD-KSNSQX");
    }

    @Test
    void tolerancesMoveTheEdges() {
        // 59.95 - 59.81 = 0.14 exactly: a fee tolerance of 0.14 covers it, 0.13 does not.
        assertThat(counts("--fee-tolerance", "0.14")).containsEntry("matched", 2).containsEntry("fee_mismatch", 0);
        assertThat(counts("--fee-tolerance", "0.13")).containsEntry("matched", 1).containsEntry("fee_mismatch", 1);
        // 3110.0 - 3104.5 = 5.5.
        assertThat(counts("--price-tolerance", "5.5")).containsEntry("price_mismatch", 0).containsEntry("matched", 2);
        // The venue's times are 1.2 to 2.5 ms before ours: at 1 ms nothing pairs.
        assertThat(counts("--time-tolerance", "1ms")).containsEntry("matched", 0)
                .containsEntry("missing_at_venue", 5).containsEntry("missing_in_ledger", 5);
    }

    /**
     * The 13:00 venue fill of c-0001 (TNOON1): the morning's c-0001 ended at 10:00:00.300, the evening's begins at
     * 16:00:00.100. With 5 min (the default) neither was live; with 3 h only the morning's (its fill already paired,
     * so TNOON1 is missing in its ledger); with 4 h both, and an id two orders claim matches neither.
     */
    @Test
    void theWindowDecidesWhichRunAReusedClientOrderIdBelongsTo() {
        assertThat(sessionOfNoonFill()).isNull();
        assertThat(sessionOfNoonFill("--window", "3h")).isEqualTo("run_morning");
        assertThat(sessionOfNoonFill("--window", "4h")).isNull();
        assertThat(CliRun.of("view", "--path", LEDGER, "--reconcile", "--venue-fills",
                venue("ledger_v1.venue-fills.jsonl").toString(), "--window", "soon").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("view", "--path", LEDGER, "--summary", "--window", "5m").exitCode()).isEqualTo(2);
    }

    @Test
    void ordersThatNameNoVenueAreReconciledInLiveModeOnly(@TempDir final Path dir) throws IOException {
        final Path paper = dir.resolve("paper.jsonl");
        Files.writeString(paper, Files.readString(GoldenFixtures.folder().resolve("venue/client_order_ids.jsonl"))
                .replace("\"mode\": \"live\"", "\"mode\": \"paper\""));
        final CliRun run = CliRun.of("view", "--path", paper.toString(), "--reconcile", "--venue-fills",
                venue("client_order_ids.venue-fills.jsonl").toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        long venueLevel = 0;
        for (final JsonNode line : run.json()) {
            for (final JsonNode d : line.get("fills")) {
                assertThat(line.hasNonNull("session_id")).as(d.toString()).isFalse();
                venueLevel++;
            }
        }
        assertThat(venueLevel).isEqualTo(6);
    }

    private static String sessionOfNoonFill(final String... window) {
        final List<String> args = new ArrayList<>(List.of("view", "--path",
                GoldenFixtures.folder().resolve("venue/client_order_ids.jsonl").toString(), "--reconcile",
                "--venue-fills", venue("client_order_ids.venue-fills.jsonl").toString(), "--json"));
        args.addAll(List.of(window));
        final CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        String session = "(not decided)";
        for (final JsonNode line : run.json()) {
            for (final JsonNode d : line.get("fills")) {
                if (d.path("venue").path("trade_id").asText().equals("TNOON1-BBBBB-000001")) {
                    assertThat(d.get("result").asText()).isEqualTo("missing_in_ledger");
                    session = line.hasNonNull("session_id") ? line.get("session_id").asText() : null;
                }
            }
        }
        return session;
    }

    @Test
    void optionsThatDoNotFitAreRefused() {
        final String venueFile = venue("ledger_v1.venue-fills.jsonl").toString();
        assertThat(CliRun.of("view", "--path", LEDGER, "--reconcile").err()).contains("needs --venue-fills");
        assertThat(CliRun.of("view", "--path", LEDGER, "--summary", "--venue-fills", venueFile).exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("view", "--api", "http://127.0.0.1:1", "--reconcile", "--venue-fills", venueFile)
                .exitCode()).isEqualTo(2);
        assertThat(CliRun.of("view", "--path", LEDGER, "--reconcile", "--venue-fills", venueFile, "--csv")
                .exitCode()).isEqualTo(2);
        assertThat(CliRun.of("view", "--path", LEDGER, "--reconcile", "--venue-fills", venueFile, "--symbol",
                "BTC-EUR").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("view", "--path", LEDGER, "--reconcile", "--venue-fills", venueFile,
                "--fee-tolerance", "-1").exitCode()).isEqualTo(2);
        // A Kraken export read as the generic form is refused whole.
        final CliRun wrongFormat = CliRun.of("view", "--path", LEDGER, "--reconcile", "--venue-fills",
                venue("ledger_v1.kraken-trades.json").toString());
        assertThat(wrongFormat.exitCode()).isEqualTo(2);
        assertThat(wrongFormat.out()).isEmpty();
    }

    private static Map<String, Integer> counts(final String... tolerance) {
        final List<String> args = new ArrayList<>(List.of("view", "--path", LEDGER, "--reconcile", "--venue-fills",
                venue("ledger_v1.venue-fills.jsonl").toString(), "--json", "--session", "ledger_v1"));
        args.addAll(List.of(tolerance));
        final CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode session = run.json().get(0);
        assertThat(session.get("session_id").asText()).isEqualTo("ledger_v1");
        return JSON.convertValue(session.get("counts"),
                JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, Integer.class));
    }

    private static void count(final Map<String, Map<String, Integer>> counts, final JsonNode want) {
        final String key = want.get("session").isNull() ? "venue kraken" : want.get("session").asText();
        final Map<String, Integer> byResult = counts.computeIfAbsent(key, k -> {
            final Map<String, Integer> zeros = new TreeMap<>();
            if (!k.startsWith("venue ")) {
                for (final String r : List.of("matched", "qty_mismatch", "price_mismatch", "fee_mismatch",
                        "missing_at_venue", "missing_in_ledger")) {
                    zeros.put(r, 0);
                }
            }
            return zeros;
        });
        byResult.merge(want.get("result").asText(), 1, Integer::sum);
    }

    private static int indexOfTrade(final List<JsonNode> decisions, final String tradeId) {
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).path("venue").path("trade_id").asText().equals(tradeId)) {
                return i;
            }
        }
        return -1;
    }

    private static String text(final JsonNode node, final String field) {
        return node.get(field).isNull() ? null : node.get(field).asText();
    }

    private static Path venue(final String name) {
        return GoldenFixtures.folder().resolve("venue").resolve(name);
    }
}
