package io.exectrace.streams.health;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.exectrace.streams.codec.StatelessSerde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

import org.apache.kafka.common.errors.SerializationException;

/**
 * JSON form of an {@link Alert} for {@code execution-alerts}, readable by any consumer:
 * <pre>{"type":"error_rate","severity":"P1","session_id":"run-7","mode":"shadow",
 *  "window_start":"2025-12-20T10:00:00Z","window_end":"2025-12-20T10:05:00Z","value":0.25,"threshold":0.1,
 *  "unit":"ratio","event_time":"2025-12-20T10:05:00Z","detail":"...","wall_clock_detected_at":null}</pre>
 * Alerts are rare, so Jackson's streaming generator is fine here.
 */
public final class AlertSerde extends StatelessSerde<Alert> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper();

    @Override
    public byte[] serialize(final String topic, final Alert alert) {
        if (alert == null) {
            return null;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", alert.type().label());
            json.writeStringField("severity", alert.severity().name());
            json.writeStringField("session_id", alert.sessionId());
            json.writeStringField("mode", alert.mode());
            writeTime(json, "window_start", alert.windowStartMillis());
            writeTime(json, "window_end", alert.windowEndMillis());
            json.writeNumberField("value", alert.value());
            json.writeNumberField("threshold", alert.threshold());
            json.writeStringField("unit", alert.unit());
            writeTime(json, "event_time", alert.eventTimeMillis());
            json.writeStringField("detail", alert.detail());
            writeTime(json, "wall_clock_detected_at", alert.wallClockDetectedAtMillis());
            json.writeEndObject();
        } catch (final IOException e) {
            throw new SerializationException("cannot write alert as JSON", e);
        }
        return out.toByteArray();
    }

    @Override
    public Alert deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            final JsonNode node = READER.readTree(data);
            return new Alert(AlertType.valueOf(node.path("type").asText().toUpperCase(Locale.ROOT)),
                    text(node, "session_id"), text(node, "mode"), time(node, "window_start"),
                    time(node, "window_end"), node.path("value").asDouble(), node.path("threshold").asDouble(),
                    text(node, "unit"), time(node, "event_time"), text(node, "detail"),
                    time(node, "wall_clock_detected_at"));
        } catch (final IOException | IllegalArgumentException e) {
            throw new SerializationException("not an alert: " + e.getMessage(), e);
        }
    }

    private static void writeTime(final JsonGenerator json, final String field, final long millis)
            throws IOException {
        if (millis < 0) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, Instant.ofEpochMilli(millis).toString());
        }
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static long time(final JsonNode node, final String field) {
        final String text = text(node, field);
        return text == null ? -1L : Instant.parse(text).toEpochMilli();
    }
}
