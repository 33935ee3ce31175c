package io.exectrace.harness.bench.e2e;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The parse both baselines do per record: the whole JSON line is parsed with Jackson (so a broken line is found
 * broken) and its session id taken ({@code session_id}, or {@code run_id} in dialect B). Lines that are not JSON
 * or have no textual id go under {@link #UNREADABLE}.
 */
public enum SessionIds {
    /** Jackson's streaming parser over every token of the line: what a lean app does, and the default. */
    STREAM {
        @Override
        public String of(final byte[] value) {
            try (JsonParser parser = FACTORY.createParser(value)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return UNREADABLE;
                }
                String session = null;
                String run = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String name = parser.currentName();
                    final JsonToken token = parser.nextToken();
                    if (token == JsonToken.VALUE_STRING && "session_id".equals(name)) {
                        session = parser.getText();
                    } else if (token == JsonToken.VALUE_STRING && "run_id".equals(name)) {
                        run = parser.getText();
                    } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                        parser.skipChildren();
                    }
                }
                if (parser.nextToken() != null) {
                    return UNREADABLE;
                }
                return session != null ? session : run != null ? run : UNREADABLE;
            } catch (final IOException | RuntimeException notJson) {
                return UNREADABLE;
            }
        }
    },
    /** A Jackson tree ({@code ObjectMapper.readTree}) per line: what baseline 2 did until issue #23. */
    TREE {
        @Override
        public String of(final byte[] value) {
            try {
                final JsonNode line = MAPPER.readTree(value);
                final JsonNode id = line.has("session_id") ? line.get("session_id") : line.get("run_id");
                return id == null || !id.isTextual() ? UNREADABLE : id.textValue();
            } catch (final IOException | RuntimeException notJson) {
                return UNREADABLE;
            }
        }
    };

    /** Where lines without a readable session id are counted. */
    static final String UNREADABLE = "(unreadable)";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** The line's session id, or {@link #UNREADABLE}. */
    public abstract String of(byte[] value);
}
