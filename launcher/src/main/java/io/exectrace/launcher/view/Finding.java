package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One failed regression gate.
 *
 * @param location {@code file:line} for a line, or {@code session ID} for a session-wide finding
 * @param session  the session concerned
 * @param gate     {@code parse_error_rate}, {@code invalid_line}, {@code backward_jump}, {@code gap_over_1h} or
 *                 {@code negative_latency}
 * @param detail   what was found, for a person
 */
record Finding(String location, String session, String gate, String detail) {

    static Finding ofSession(final String session, final String gate, final String detail) {
        return new Finding("session " + session, session, gate, detail);
    }

    /** {@code location: gate: detail}, the way compilers report, so editors and grep can use it. */
    String line() {
        return location + ": " + gate + ": " + detail;
    }

    ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("location", location).put("session_id", session)
                .put("gate", gate).put("detail", detail);
    }
}
