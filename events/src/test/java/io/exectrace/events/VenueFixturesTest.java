package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.events.fixtures.GoldenFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The venue-fill fixtures of {@code fixtures/venue/} against their hand-written {@code .expected.json}: every fill
 * field by field, every invalid entry's line, key, order id and reason.
 */
class VenueFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"ledger_v1.kraken-trades", "ledger_v1.venue-fills", "client_order_ids.venue-fills"})
    void everyEntryIsWhatTheExpectedFileSays(final String stem) throws IOException {
        final JsonNode expected = JSON.readTree(venueFolder().resolve(stem + ".expected.json").toFile());
        final List<VenueFillEntry> entries = read(expected);

        assertThat(entries).hasSize(expected.get("entries").asInt());
        final List<VenueFillEntry> valid = entries.stream()
                .filter(e -> e.result() instanceof VenueFillResult.Valid).toList();
        final List<VenueFillEntry> invalid = entries.stream()
                .filter(e -> e.result() instanceof VenueFillResult.Invalid).toList();
        assertThat(valid).hasSize(expected.get("valid").asInt());
        assertThat(invalid).hasSize(expected.get("invalid").asInt());

        final JsonNode fills = expected.get("fills");
        assertThat(valid).hasSize(fills.size());
        for (int i = 0; i < fills.size(); i++) {
            final JsonNode want = fills.get(i);
            final VenueFillEntry entry = valid.get(i);
            final VenueFill fill = ((VenueFillResult.Valid) entry.result()).fill();
            final String what = stem + " line " + want.get("line").asLong();
            assertThat(entry.line()).as(what).isEqualTo(want.get("line").asLong());
            assertThat(fill).as(what).isEqualTo(fillOf(want));
            if (expected.get("format").asText().equals("kraken-trades")) {
                assertThat(entry.key()).as(what).isEqualTo(fill.tradeId());
            }
        }

        final JsonNode bad = expected.get("invalid_entries");
        assertThat(invalid).hasSize(bad.size());
        for (int i = 0; i < bad.size(); i++) {
            final JsonNode want = bad.get(i);
            final VenueFillEntry entry = invalid.get(i);
            final VenueFillResult.Invalid result = (VenueFillResult.Invalid) entry.result();
            final String what = stem + " line " + want.get("line").asLong() + ": " + result.detail();
            assertThat(entry.line()).as(what).isEqualTo(want.get("line").asLong());
            assertThat(entry.key()).as(what).isEqualTo(text(want, "key"));
            assertThat(result.orderHint()).as(what).isEqualTo(text(want, "venue_order_id"));
            assertThat(result.reason().name()).as(what).isEqualTo(want.get("reason").asText());
        }
    }

    @Test
    void bothFormatsDescribeTheSameFills() throws IOException {
        final List<VenueFill> kraken = fills(read(JSON.readTree(
                venueFolder().resolve("ledger_v1.kraken-trades.expected.json").toFile())));
        final List<VenueFill> generic = fills(read(JSON.readTree(
                venueFolder().resolve("ledger_v1.venue-fills.expected.json").toFile())));
        assertThat(kraken).hasSize(6).containsExactlyElementsOf(generic);
    }

    @Test
    void everyVenueOrderIdOfTheLedgerFixtureIsAnAcksBrokerOrderId() throws IOException {
        // The matching slice links venue fills to chains by the ack's broker_order_id: these must line up.
        final List<String> acked = new ArrayList<>();
        for (final String line : Files.readAllLines(GoldenFixtures.folder().resolve("ledger_v1.jsonl"))) {
            final JsonNode event = JSON.readTree(line);
            if (event.get("stage").asText().equals("ack")) {
                acked.add(event.get("broker_order_id").asText());
            }
        }
        final List<String> venueOrders = fills(read(JSON.readTree(
                venueFolder().resolve("ledger_v1.kraken-trades.expected.json").toFile())))
                .stream().map(VenueFill::venueOrderId).distinct().toList();
        assertThat(venueOrders).containsExactlyInAnyOrder("OUF4EM-FRGI2-MQMWZD", "OK8HFF-5J2PL-XLR17S",
                "O3Z7QY-GYE2N-7UPHRA", "ON4NE2-KTHQ7-7BZKAV", "OQCLML-BW3P3-BUCMWZ");
        assertThat(acked).contains("OUF4EM-FRGI2-MQMWZD", "OK8HFF-5J2PL-XLR17S", "O3Z7QY-GYE2N-7UPHRA",
                "ON4NE2-KTHQ7-7BZKAV").doesNotContain("OQCLML-BW3P3-BUCMWZ");
    }

    private static List<VenueFillEntry> read(final JsonNode expected) throws IOException {
        final byte[] content = Files.readAllBytes(venueFolder().resolve(expected.get("file").asText()));
        return switch (expected.get("format").asText()) {
            case "kraken-trades" -> new KrakenTradesReader().read(content);
            case "generic" -> new VenueFillParser().readFile(content);
            default -> throw new IllegalArgumentException("unknown format in " + expected.get("file"));
        };
    }

    private static List<VenueFill> fills(final List<VenueFillEntry> entries) {
        return entries.stream().filter(e -> e.result() instanceof VenueFillResult.Valid)
                .map(e -> ((VenueFillResult.Valid) e.result()).fill())
                .sorted(Comparator.comparingLong(VenueFill::tsMicros)).toList();
    }

    private static VenueFill fillOf(final JsonNode want) {
        return new VenueFill(IsoTimestamp.parseInstant(want.get("ts").asText()), want.get("venue").asText(),
                want.get("venue_order_id").asText(), text(want, "client_order_id"), want.get("trade_id").asText(),
                want.get("symbol").asText(), Side.valueOf(want.get("side").asText().toUpperCase(Locale.ROOT)),
                want.get("qty").asDouble(), want.get("price").asDouble(), want.get("fee").asDouble(),
                want.get("fee_currency").asText());
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Path venueFolder() {
        return GoldenFixtures.folder().resolve("venue");
    }
}
