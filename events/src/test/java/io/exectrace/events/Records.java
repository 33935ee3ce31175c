package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/** Shared test plumbing: parse a JSON line and unwrap the expected result type. */
final class Records {
    static final ExecutionEventParser PARSER = new ExecutionEventParser();

    private Records() {
    }

    static byte[] utf8(final String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static ParseResult parse(final String json) {
        return PARSER.parse(utf8(json));
    }

    static ExecutionEvent valid(final String json) {
        final ParseResult result = parse(json);
        assertThat(result).as("parse of %s", json).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).event();
    }

    static ParseResult.Invalid invalid(final String json) {
        return invalid(utf8(json));
    }

    static ParseResult.Invalid invalid(final byte[] bytes) {
        final ParseResult result = PARSER.parse(bytes);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        return (ParseResult.Invalid) result;
    }

    /** A dialect A line with the given kind and payload body (without braces). */
    static String telemetry(final String kind, final String payloadBody) {
        return "{\"ts\": \"2025-12-20T10:00:00.150Z\", \"session_id\": \"s1\", \"symbol\": \"BTC-USD\", "
                + "\"mode\": \"paper\", \"kind\": \"" + kind + "\", \"payload\": {" + payloadBody + "}}";
    }

    /** A dialect B line with the given stage and extra flat fields (leading comma included by the caller). */
    static String ledger(final String stage, final String extra) {
        return "{\"ts\": \"2025-12-20T10:00:00.150Z\", \"mode\": \"shadow\", \"run_id\": \"run-7\", \"stage\": \""
                + stage + "\"" + extra + "}";
    }
}
