package io.exectrace.streams.correlation;

import io.exectrace.events.ChainOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.IsoTimestamp;
import io.exectrace.events.ParseResult;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.ExpectedPercentiles;
import io.exectrace.events.fixtures.ExpectedPnl;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.json.SessionSummaryJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden fixture, line by line through the real parser and the {@link SessionAnalyzer}, then closed as by
 * the idle timeout, must equal its hand-written {@code NAME.expected.json} exactly (latencies below 1 µs).
 */
class FixtureExpectationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double NUMBER_TOLERANCE = 1e-6;

    static Stream<Path> fixtures() throws IOException {
        final Path dir = fixtureDir();
        try (Stream<Path> files = Files.list(dir)) {
            final List<Path> list = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
            assertThat(list).as("fixtures in %s", dir).isNotEmpty();
            return list.stream();
        }
    }

    private static Path fixtureDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("fixtures"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no fixtures directory above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("fixtures");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureMatchesItsHandWrittenExpectation(final Path jsonl) throws IOException {
        final String file = jsonl.getFileName().toString();
        final String stem = file.substring(0, file.length() - ".jsonl".length());
        final Path expectedPath = jsonl.resolveSibling(stem + ".expected.json");
        assertThat(expectedPath).as("expected file of %s", file).exists();
        final JsonNode expected = JSON.readTree(expectedPath.toFile());

        final List<ClosedChain> chains = new ArrayList<>();
        final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), chains::add);
        final ExecutionEventParser parser = new ExecutionEventParser();
        final ObjectNode actual = NODES.objectNode();
        final ArrayNode invalidLines = NODES.arrayNode();
        int lines = 0;
        int valid = 0;
        int lineNo = 0;
        for (final String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            lines++;
            final ParseResult result = parser.parse(line.getBytes(StandardCharsets.UTF_8));
            if (result instanceof ParseResult.Valid v) {
                valid++;
                analyzer.accept(v.event().sessionId(), SessionInput.valid(v.event()), 0L);
            } else if (result instanceof ParseResult.Invalid inv) {
                invalidLines.add(NODES.objectNode().put("line", lineNo).put("reason", inv.reason().name()));
                final String session = inv.sessionHint() != null ? inv.sessionHint() : stem;
                analyzer.accept(session, SessionInput.invalid(inv.reason()), 0L);
            }
        }
        analyzer.closeAll();

        actual.put("file", file).put("lines", lines).put("valid", valid).put("invalid", lines - valid);
        actual.set("invalid_lines", invalidLines);
        final ArrayNode sessions = actual.putArray("sessions");
        for (final String sessionId : analyzer.sessionIds()) {
            sessions.add(session(analyzer.summary(sessionId),
                    chains.stream().filter(c -> c.sessionId().equals(sessionId)).toList()));
        }
        // Percentiles are within the sketch's 1 %, not exact, and PnL amounts within 1e-9: compared apart, against
        // the summary's JSON.
        for (final JsonNode session : expected.path("sessions")) {
            ((ObjectNode) session).remove("latency_percentiles");
            ((ObjectNode) session).remove("pnl");
        }
        compare(file, expected, actual);
        for (final Expected.Session want : GoldenFixtures.named(file).expected().sessions()) {
            ExpectedPercentiles.assertReported(want, SessionSummaryJson.of(analyzer.summary(want.sessionId()),
                    analyzer.latencies(want.sessionId())).path("latency_ms"), file + " " + want.sessionId());
            ExpectedPnl.assertReported(want, SessionSummaryJson.of(analyzer.summary(want.sessionId()), null)
                    .path("by_symbol"), file + " " + want.sessionId());
        }
    }

    private static ObjectNode session(final SessionSummary s, final List<ClosedChain> sessionChains) {
        final ObjectNode n = NODES.objectNode();
        n.put("session_id", s.sessionId());
        n.put("mode", s.mode());
        final ArrayNode exchanges = n.putArray("exchanges");
        s.exchanges().forEach(exchanges::add);
        n.put("events", s.events());
        n.put("duplicates", s.duplicates());
        n.put("parse_errors", s.parseErrors());
        final ObjectNode byStage = n.putObject("by_stage");
        for (final Map.Entry<Stage, Long> e : s.eventsByStage().entrySet()) {
            byStage.put(e.getKey().label(), e.getValue());
        }
        final ArrayNode symbols = n.putArray("symbols");
        s.symbols().forEach(symbols::add);
        n.put("first_ts", IsoTimestamp.format(s.firstTsMicros()));
        n.put("last_ts", IsoTimestamp.format(s.lastTsMicros()));
        n.put("error_events", s.errorEvents());
        final ObjectNode riskBlocks = n.putObject("risk_blocks");
        s.riskBlocksByReason().forEach(riskBlocks::put);
        n.putObject("data_quality")
                .put("backward_jumps", s.backwardJumps())
                .put("gaps_over_1h", s.gapsOver1h())
                .put("zoneless_ts", s.zonelessTs())
                .put("non_string_ids", s.nonStringIds())
                .put("negative_latencies", s.negativeLatencies());
        final ObjectNode outcomes = n.putObject("chains_by_outcome");
        for (final Map.Entry<ChainOutcome, Long> e : s.chainsByOutcome().entrySet()) {
            outcomes.put(e.getKey().label(), e.getValue());
        }
        final ArrayNode chainNodes = n.putArray("chains");
        sessionChains.stream()
                .sorted(Comparator.comparingLong(ClosedChain::firstEventTsMicros).thenComparing(ClosedChain::chainId))
                .forEach(c -> {
                    final ObjectNode cn = chainNodes.addObject();
                    cn.put("intent_id", c.intentId());
                    cn.put("order_id", c.orderId());
                    cn.put("symbol", c.symbol());
                    cn.put("side", c.side() == Side.UNKNOWN ? null : c.side().name());
                    cn.put("outcome", c.outcome().label());
                    if (Double.isNaN(c.quantity())) {
                        cn.putNull("quantity");
                    } else {
                        cn.put("quantity", c.quantity());
                    }
                    cn.put("filled_quantity", c.filledQuantity());
                    cn.put("fills", c.fillCount());
                    final ObjectNode latency = cn.putObject("latency_ms");
                    c.latencyMs().forEach((edge, ms) -> latency.put(edge.label(), ms));
                });
        return n;
    }

    /** Deep comparison: same fields, numbers numerically, timestamps as instants, arrays in order. */
    private static void compare(final String path, final JsonNode expected, final JsonNode actual) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                fail("%s: expected an object but was %s", path, actual);
            }
            final List<String> expectedNames = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedNames::add);
            final List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertThat(actualNames).as("%s: fields", path).containsExactlyInAnyOrderElementsOf(expectedNames);
            for (final Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                final Map.Entry<String, JsonNode> e = it.next();
                compare(path + "." + e.getKey(), e.getValue(), actual.get(e.getKey()));
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as("%s: expected an array but was %s", path, actual).isTrue();
            assertThat(actual.size()).as("%s: size (actual %s)", path, actual).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber()).as("%s: expected %s but was %s", path, expected, actual).isTrue();
            assertThat(Math.abs(actual.asDouble() - expected.asDouble()))
                    .as("%s: expected %s but was %s", path, expected, actual).isLessThan(NUMBER_TOLERANCE);
        } else if (expected.isTextual() && (path.endsWith("first_ts") || path.endsWith("last_ts"))) {
            assertThat(IsoTimestamp.parseInstant(actual.asText()))
                    .as("%s: expected %s but was %s", path, expected, actual)
                    .isEqualTo(IsoTimestamp.parseInstant(expected.asText()));
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
