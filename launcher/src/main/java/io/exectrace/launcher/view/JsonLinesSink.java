package io.exectrace.launcher.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** One compact JSON object per line. */
final class JsonLinesSink implements RowSink {
    static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;

    JsonLinesSink(final PrintWriter out) {
        this.out = out;
    }

    @Override
    public boolean row(final ObjectNode row) {
        out.println(toLine(row));
        return true;
    }

    static String toLine(final ObjectNode row) {
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void finish() {
        out.flush();
    }
}
