package io.exectrace.streams.correlation;

import io.exectrace.events.ChainOutcome;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.events.IsoTimestamp;
import io.exectrace.events.Side;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for the {@code execution-chains} topic: one object per closed chain, snake_case fields, ISO-8601 UTC
 * times, absent values as {@code null}, {@code latency_ms} with only the existing edges. Field order is fixed and
 * no wall-clock value is written, so the same chain always gives the same bytes.
 */
public final class ClosedChainSerde implements Serde<ClosedChain> {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    /**
     * The last chain each thread serialized, with its bytes: the topology's chains sink and the per-session chain
     * store serialize the same closed chain one right after the other, so the second gets the first's bytes (which
     * nothing downstream changes: the producer and RocksDB copy them).
     */
    private static final ThreadLocal<LastSerialized> LAST = ThreadLocal.withInitial(LastSerialized::new);

    @Override
    public Serializer<ClosedChain> serializer() {
        return (topic, chain) -> chain == null ? null : LAST.get().bytesOf(chain);
    }

    @Override
    public Deserializer<ClosedChain> deserializer() {
        return (topic, data) -> data == null ? null : fromJson(data);
    }

    /** The JSON bytes of one chain. */
    public static byte[] toJson(final ClosedChain c) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(640);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("session_id", c.sessionId());
            g.writeStringField("chain_id", c.chainId());
            g.writeStringField("intent_id", c.intentId());
            g.writeStringField("order_id", c.orderId());
            g.writeStringField("broker_order_id", c.brokerOrderId());
            g.writeStringField("symbol", c.symbol());
            g.writeStringField("side", c.side() == Side.UNKNOWN ? null : c.side().name());
            g.writeStringField("mode", c.mode());
            g.writeStringField("exchange", c.exchange());
            g.writeStringField("strategy", c.strategy());
            g.writeStringField("outcome", c.outcome().label());
            g.writeStringField("close_reason", c.closeReason());
            g.writeStringField("reason", c.reason());
            number(g, "quantity", c.quantity());
            number(g, "filled_quantity", c.filledQuantity());
            g.writeNumberField("fills", c.fillCount());
            number(g, "avg_fill_price", c.avgFillPrice());
            number(g, "notional", c.notional());
            number(g, "fees", c.fees());
            g.writeStringField("first_event_ts", IsoTimestamp.format(c.firstEventTsMicros()));
            g.writeStringField("intent_ts", IsoTimestamp.format(c.intentTsMicros()));
            g.writeStringField("order_ts", IsoTimestamp.format(c.orderTsMicros()));
            g.writeStringField("ack_ts", IsoTimestamp.format(c.ackTsMicros()));
            g.writeStringField("first_fill_ts", IsoTimestamp.format(c.firstFillTsMicros()));
            g.writeStringField("last_fill_ts", IsoTimestamp.format(c.lastFillTsMicros()));
            g.writeStringField("close_ts", IsoTimestamp.format(c.closeTsMicros()));
            g.writeNumberField("events", c.eventCount());
            g.writeNumberField("clock_problems", c.clockProblems());
            g.writeObjectFieldStart("latency_ms");
            for (final Map.Entry<LatencyEdge, Double> e : c.latencyMs().entrySet()) {
                g.writeNumberField(e.getKey().label(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads the JSON written by {@link #toJson}. */
    public static ClosedChain fromJson(final byte[] data) {
        final JsonNode n;
        try {
            n = MAPPER.readTree(data);
        } catch (final IOException e) {
            throw new SerializationException("not a chain JSON object", e);
        }
        if (n == null || !n.isObject()) {
            throw new SerializationException("not a chain JSON object");
        }
        final Map<LatencyEdge, Double> latency = new EnumMap<>(LatencyEdge.class);
        final JsonNode lat = n.path("latency_ms");
        for (final Iterator<Map.Entry<String, JsonNode>> it = lat.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> e = it.next();
            final LatencyEdge edge = LatencyEdge.fromLabel(e.getKey());
            if (edge != null) {
                latency.put(edge, e.getValue().asDouble());
            }
        }
        final String side = text(n, "side");
        final ChainOutcome outcome = ChainOutcome.fromLabel(text(n, "outcome"));
        if (outcome == null) {
            throw new SerializationException("chain JSON without a known outcome");
        }
        return new ClosedChain(text(n, "session_id"), text(n, "chain_id"), text(n, "intent_id"),
                text(n, "order_id"), text(n, "broker_order_id"), text(n, "symbol"), Side.parse(side),
                text(n, "mode"), text(n, "exchange"), text(n, "strategy"), outcome, text(n, "close_reason"),
                text(n, "reason"), num(n, "quantity"), num(n, "filled_quantity"), n.path("fills").asInt(),
                num(n, "avg_fill_price"), num(n, "notional"), num(n, "fees"), ts(n, "first_event_ts"),
                ts(n, "intent_ts"), ts(n, "order_ts"), ts(n, "ack_ts"), ts(n, "first_fill_ts"),
                ts(n, "last_fill_ts"), ts(n, "close_ts"), n.path("events").asInt(), n.path("clock_problems").asInt(),
                latency);
    }

    private static final class LastSerialized {
        private ClosedChain chain;
        private byte[] bytes;

        byte[] bytesOf(final ClosedChain next) {
            if (next != chain) {
                bytes = toJson(next);
                chain = next;
            }
            return bytes;
        }
    }

    private static void number(final JsonGenerator g, final String name, final double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(name, value);
        } else {
            g.writeNullField(name);
        }
    }

    private static String text(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static double num(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static long ts(final JsonNode n, final String field) {
        return IsoTimestamp.parseInstant(text(n, field));
    }
}
