package io.exectrace.events;

import static io.exectrace.events.Records.PARSER;
import static io.exectrace.events.Records.invalid;
import static io.exectrace.events.Records.telemetry;
import static io.exectrace.events.Records.utf8;
import static io.exectrace.events.Records.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidRecordTest {

    private static final String OK = "{\"ts\": \"2025-12-20T10:00:00.150Z\", \"session_id\": \"s1\", "
            + "\"symbol\": \"BTC-USD\", \"mode\": \"PAPER\", \"kind\": \"order\", \"payload\": {\"order_id\": "
            + "\"order_001\", \"intent_id\": \"intent_001\", \"side\": \"BUY\", \"quantity\": 0.5}}";

    @Test
    void nullEmptyAndWhitespaceAreEmpty() {
        assertThat(invalid((byte[]) null).reason()).isEqualTo(ParseErrorReason.EMPTY);
        assertThat(PARSER.parse(null, 0, 0)).isInstanceOf(ParseResult.Invalid.class);
        assertThat(invalid(new byte[0]).reason()).isEqualTo(ParseErrorReason.EMPTY);
        assertThat(invalid(" \t\r\n  ").reason()).isEqualTo(ParseErrorReason.EMPTY);
        assertThat(invalid("\uFEFF  \n").reason()).isEqualTo(ParseErrorReason.EMPTY);
        assertThat(invalid("\n").sessionHint()).isNull();
    }

    @Test
    void rangeOutsideTheArrayIsACallerBug() {
        assertThatThrownBy(() -> PARSER.parse(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void parsesOnlyTheGivenRange() {
        final byte[] framed = utf8("garbage" + OK + "more garbage");
        final ParseResult result = PARSER.parse(framed, 7, OK.length());
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        assertThat(((ParseResult.Valid) result).event().fingerprint()).isEqualTo(RecordFingerprint.of(utf8(OK)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "[]", "\"text\"", "42", "-1.5", "true", "false", "null", "[{\"ts\": 1}]"})
    void wellFormedJsonThatIsNotAnObject(final String json) {
        final ParseResult.Invalid result = invalid(json);
        assertThat(result.reason()).isEqualTo(ParseErrorReason.NOT_AN_OBJECT);
        assertThat(result.detail()).startsWith("root is");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json", "{", "}", "{\"ts\"", "{\"ts\": }", "{'ts': 'x'}", "{\"a\": 1,}", "[1, 2", "[1] x", "\"open",
        "tru", "nul", "{\"a\": tru}", "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": -Infinity}", "{\"a\": 01}",
        "{\"a\": .5}", "{a: 1}", "<xml/>", "{\"a\": \"tab\there\"}", "{\"a\": 1} trailing", "{\"a\": 1}}",
        "{\"a\": 1} {\"b\": 2}", "{\"a\": 1}\n{\"b\": 2}", "{\"a\": \"\\x\"}", "{} []"})
    void malformedJsonIsInvalidJson(final String json) {
        assertThat(invalid(json).reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
    }

    @Test
    void nanAndInfinityInANumericFieldAreInvalidJson() {
        assertThat(invalid(telemetry("order", "\"quantity\": NaN")).reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(invalid(telemetry("fill", "\"fill_price\": Infinity")).reason())
                .isEqualTo(ParseErrorReason.INVALID_JSON);
    }

    @Test
    void duplicateKeysAreInvalidJsonAtEveryLevel() {
        final ParseResult.Invalid top = invalid("{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"a\", "
                + "\"session_id\": \"b\", \"kind\": \"intent\"}");
        assertThat(top.reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(top.detail()).isEqualTo("duplicate key 'session_id'");
        assertThat(top.sessionHint()).isEqualTo("a");

        final ParseResult.Invalid inPayload = invalid(telemetry("order", "\"order_id\": \"x\", \"order_id\": \"y\""));
        assertThat(inPayload.reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(inPayload.detail()).isEqualTo("duplicate key 'order_id'");
    }

    @Test
    void trailingGarbageAfterAValidEventIsInvalidJsonButKeepsTheSession() {
        final ParseResult.Invalid result = invalid(OK + "{\"x\":1}");
        assertThat(result.reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(result.detail()).isEqualTo("content after the object");
        assertThat(result.sessionHint()).isEqualTo("s1");
        assertThat(invalid(OK + " ]").reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
    }

    @Test
    void trailingWhitespaceAndNewlineAreFine() {
        assertThat(valid(OK + "\r\n").sessionId()).isEqualTo("s1");
        assertThat(valid("  \n" + OK + "   ").sessionId()).isEqualTo("s1");
        assertThat(valid("\uFEFF" + OK).sessionId()).isEqualTo("s1");
    }

    @Test
    void missingTs() {
        final ParseResult.Invalid result = invalid("{\"session_id\": \"s\", \"kind\": \"intent\"}");
        assertThat(result.reason()).isEqualTo(ParseErrorReason.MISSING_TS);
        assertThat(result.sessionHint()).isEqualTo("s");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                                     | neither session_id nor run_id
            ', "session_id": null'                 | neither session_id nor run_id
            ', "session_id": ""'                   | blank session id
            ', "session_id": "   "'                | blank session id
            ', "session_id": 17'                   | session id is not a string but a number
            ', "run_id": {"id": "r"}'              | session id is not a string but an object
            ', "session_id": ["s"]'                | session id is not a string but an array
            """)
    void missingSession(final String extra, final String detail) {
        final ParseResult.Invalid result =
                invalid("{\"ts\": \"2025-12-20T10:00:00Z\", \"kind\": \"intent\"" + extra + "}");
        assertThat(result.reason()).isEqualTo(ParseErrorReason.MISSING_SESSION);
        assertThat(result.detail()).isEqualTo(detail);
        assertThat(result.sessionHint()).isNull();
    }

    @Test
    void overlongSessionIdIsRejected() {
        final String longId = "s".repeat(ExecutionEventParser.MAX_SESSION_ID_LENGTH + 1);
        final ParseResult.Invalid result = invalid(
                "{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"" + longId + "\", \"kind\": \"intent\"}");
        assertThat(result.reason()).isEqualTo(ParseErrorReason.MISSING_SESSION);
        assertThat(result.sessionHint()).isNull();
        final String maxId = "s".repeat(ExecutionEventParser.MAX_SESSION_ID_LENGTH);
        assertThat(valid("{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"" + maxId
                + "\", \"kind\": \"intent\"}").sessionId()).isEqualTo(maxId);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '"kind": "trade"'           | unknown kind "trade"
            '"kind": "ack"'             | unknown kind "ack"
            '"kind": ""'                | unknown kind ""
            '"kind": 3'                 | kind is not a string but a number
            '"kind": ["order"]'         | kind is not a string but an array
            '"stage": false'            | stage is not a string but a boolean
            '"kind": null'              | neither kind nor stage
            '"other": "order"'          | neither kind nor stage
            """)
    void unknownKind(final String kindField, final String detail) {
        final ParseResult.Invalid result =
                invalid("{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"s\", " + kindField + "}");
        assertThat(result.reason()).isEqualTo(ParseErrorReason.UNKNOWN_KIND);
        assertThat(result.detail()).isEqualTo(detail);
        assertThat(result.sessionHint()).isEqualTo("s");
    }

    @Test
    void unknownKindDetailIsCapped() {
        final ParseResult.Invalid result = invalid("{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"s\", "
                + "\"kind\": \"" + "k".repeat(5000) + "\"}");
        assertThat(result.detail()).hasSizeLessThanOrEqualTo(ExecutionEventParser.MAX_DETAIL_LENGTH + 3);
        assertThat(result.detail()).startsWith("unknown kind \"kkkk").endsWith("...\"");
    }

    @Test
    void firstFailingCheckInReasonOrderIsReported() {
        assertThat(invalid("{\"kind\": \"nope\"}").reason()).isEqualTo(ParseErrorReason.MISSING_TS);
        assertThat(invalid("{\"ts\": \"x\", \"kind\": \"nope\"}").reason()).isEqualTo(ParseErrorReason.BAD_TS);
        assertThat(invalid("{\"ts\": \"2025-12-20T10:00:00Z\", \"kind\": \"nope\"}").reason())
                .isEqualTo(ParseErrorReason.MISSING_SESSION);
        assertThat(invalid("{\"ts\": \"x\", \"kind\": \"nope\", \"session_id\": \"s\", \"a\": [").reason())
                .isEqualTo(ParseErrorReason.INVALID_JSON);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '"order_id": 1234'        | 1234
            '"order_id": 12.50'       | 12.50
            '"client_id": -7'         | -7
            '"order_id": 1e3'         | 1e3
            """)
    void numericOrderIdIsKeptAsTextAndFlagged(final String field, final String expectedId) {
        final ExecutionEvent e = valid(telemetry("order", field));
        assertThat(e.orderId()).isEqualTo(expectedId);
        assertThat(e.has(QualityFlags.NON_STRING_ID)).isTrue();
        assertThat(e.has(QualityFlags.BAD_NUMBER)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"intent_id\": 5", "\"broker_order_id\": 9", "\"correlation_id\": 1",
        "\"strategy_id\": 3", "\"client_order_id\": 77"})
    void everyNumericIdIsFlagged(final String field) {
        assertThat(valid(Records.ledger("ack", ", " + field)).has(QualityFlags.NON_STRING_ID)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"order_id\": true", "\"order_id\": {\"v\": \"o\"}", "\"intent_id\": [\"i\"]"})
    void idOfAnotherTypeIsDroppedAndFlagged(final String field) {
        final ExecutionEvent e = valid(telemetry("order", field));
        assertThat(e.orderId()).isNull();
        assertThat(e.intentId()).isNull();
        assertThat(e.has(QualityFlags.NON_STRING_ID)).isTrue();
    }

    @Test
    void stringIdsAreNotFlagged() {
        assertThat(valid(telemetry("order", "\"order_id\": \"1234\"")).qualityFlags()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"quantity\": \"0.5\"", "\"quantity\": true", "\"quantity\": [0.5]",
        "\"quantity\": {\"v\": 1}", "\"quantity\": 1e999", "\"quantity\": -1e400"})
    void nonNumericOrOverflowingNumberIsDroppedAndFlagged(final String field) {
        final ExecutionEvent e = valid(telemetry("order", "\"order_id\": \"o\", " + field));
        assertThat(e.quantity()).isNaN();
        assertThat(e.has(QualityFlags.BAD_NUMBER)).isTrue();
        assertThat(e.has(QualityFlags.NON_STRING_ID)).isFalse();
    }

    @Test
    void hugeIntegerStillReadsAsADouble() {
        final ExecutionEvent e = valid(telemetry("order", "\"quantity\": 123456789012345678901234567890"));
        assertThat(e.quantity()).isEqualTo(1.2345678901234568e29);
        assertThat(e.qualityFlags()).isZero();
    }

    @Test
    void numberLongerThanJacksonsLimitIsTooLarge() {
        final ParseResult.Invalid result = invalid(telemetry("order", "\"quantity\": " + "9".repeat(2000)));
        assertThat(result.reason()).isEqualTo(ParseErrorReason.TOO_LARGE);
        assertThat(result.sessionHint()).isEqualTo("s1");
    }

    @Test
    void textFieldsOfTheWrongTypeAreDroppedWithoutFlag() {
        final ExecutionEvent e = valid(telemetry("order", "\"side\": 1, \"order_type\": [\"LIMIT\"], \"status\": {}"));
        assertThat(e.side()).isEqualTo(Side.UNKNOWN);
        assertThat(e.orderType()).isNull();
        assertThat(e.qualityFlags()).isZero();
    }

    @Test
    void deepNestingIsTooLarge() {
        final ParseResult.Invalid arrays = invalid("[".repeat(100_000));
        assertThat(arrays.reason()).isEqualTo(ParseErrorReason.TOO_LARGE);
        assertThat(arrays.detail()).contains("nesting depth");

        final ParseResult.Invalid inEvent = invalid("{\"session_id\": \"s\", \"x\": " + "[".repeat(100_000)
                + "]".repeat(100_000) + "}");
        assertThat(inEvent.reason()).isEqualTo(ParseErrorReason.TOO_LARGE);
        assertThat(inEvent.sessionHint()).isEqualTo("s");

        final ParseResult.Invalid objects = invalid("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000));
        assertThat(objects.reason()).isEqualTo(ParseErrorReason.TOO_LARGE);

        // Unclosed, the same nesting is first of all a truncated line.
        assertThat(invalid("{\"x\": " + "[".repeat(100_000)).detail()).isEqualTo(ExecutionEventParser.TRUNCATED);
    }

    @Test
    void nestingWithinTheLimitIsFine() {
        final int depth = ExecutionEventParser.MAX_NESTING_DEPTH - 1;
        final String nested = "[".repeat(depth - 1) + "]".repeat(depth - 1);
        assertThat(valid(telemetry("order", "\"deep\": " + nested)).stage()).isEqualTo(Stage.SUBMIT);
    }

    @Test
    void tenMegabyteStringInAnUnknownFieldIsSkipped() {
        final String big = "x".repeat(10 * 1024 * 1024);
        final ExecutionEvent e = valid(telemetry("order", "\"blob\": \"" + big + "\", \"order_id\": \"o-1\""));
        assertThat(e.orderId()).isEqualTo("o-1");
    }

    @Test
    void tenMegabyteStringInAReadFieldIsTooLarge() {
        final String big = "x".repeat(10 * 1024 * 1024);
        final ParseResult.Invalid result = invalid(telemetry("error", "\"error\": \"" + big + "\""));
        assertThat(result.reason()).isEqualTo(ParseErrorReason.TOO_LARGE);
        assertThat(result.sessionHint()).isEqualTo("s1");
        assertThat(result.detail()).hasSizeLessThanOrEqualTo(ExecutionEventParser.MAX_DETAIL_LENGTH + 3);
    }

    @Test
    void tenMegabytesOfGarbage() {
        final byte[] garbage = new byte[10 * 1024 * 1024];
        new Random(7).nextBytes(garbage);
        garbage[0] = '{';
        garbage[1] = '"';
        assertThat(invalid(garbage).reason()).isIn(ParseErrorReason.INVALID_JSON, ParseErrorReason.TOO_LARGE);

        final byte[] letters = utf8("{\"a\": " + "z".repeat(10 * 1024 * 1024) + "}");
        final ParseResult.Invalid result = invalid(letters);
        assertThat(result.reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(result.detail()).hasSizeLessThanOrEqualTo(ExecutionEventParser.MAX_DETAIL_LENGTH + 3);
    }

    @Test
    void invalidUtf8InsideStringsIsInvalidJson() {
        final byte[][] cases = {
            {'{', '"', 's', 'e', 's', 's', 'i', 'o', 'n', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
            {'{', '"', 'x', '"', ':', '"', (byte) 0x80, '"', '}'},
            {'{', '"', 'x', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'},
            {'{', '"', 'x', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'},
            {'{', '"', (byte) 0xC0, '"', ':', '1', '}'},
        };
        for (final byte[] bytes : cases) {
            assertThat(invalid(bytes).reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        }
    }

    @Test
    void overlongFormsSurrogatesAndCodePointsAboveTheUnicodeRangeAreInvalidUtf8() {
        // Jackson alone decodes these: C0 AF and E0 80 AF into '/', F4 90 80 80 into a code point past U+10FFFF.
        final byte[][] illFormed = {
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        };
        final byte[] head = utf8("{\"ts\": \"2025-12-20T10:00:00Z\", \"kind\": \"intent\", \"session_id\": \"s");
        final byte[] tail = utf8("\"}");
        for (final byte[] bad : illFormed) {
            final byte[] bytes = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, bytes, 0, head.length);
            System.arraycopy(bad, 0, bytes, head.length, bad.length);
            System.arraycopy(tail, 0, bytes, head.length + bad.length, tail.length);
            assertThat(invalid(bytes).reason()).as(java.util.HexFormat.of().formatHex(bad))
                    .isEqualTo(ParseErrorReason.INVALID_JSON);
        }
        // The largest code points of each length are fine.
        assertThat(valid("{\"ts\": \"2025-12-20T10:00:00Z\", \"kind\": \"intent\", \"session_id\": \"s\u007f\u07ff\uffff\udbff\udfff\"}")
                .sessionId()).isEqualTo("s\u007f\u07ff\uffff\udbff\udfff");
    }

    @Test
    void invalidUtf8InAnUnknownFieldStillFailsBeforeTheSessionIsLost() {
        final byte[] prefix = utf8("{\"session_id\": \"s-utf\", \"x\": \"");
        final byte[] bytes = new byte[prefix.length + 3];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        bytes[prefix.length] = (byte) 0x80;
        bytes[prefix.length + 1] = '"';
        bytes[prefix.length + 2] = '}';
        final ParseResult.Invalid result = invalid(bytes);
        assertThat(result.reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(result.sessionHint()).isEqualTo("s-utf");
    }

    @Test
    void utf16AndNulBytesAreNotGuessedIntoAnotherEncoding() {
        final byte[] utf16 = OK.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        assertThat(invalid(utf16).reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        final byte[] utf16be = OK.getBytes(java.nio.charset.StandardCharsets.UTF_16);
        assertThat(invalid(utf16be).reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(invalid(new byte[] {'{', 0, 0, 0}).reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(invalid(new byte[] {0, 0, 0, '{'}).reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
    }

    @Test
    void unicodeTextAndEscapesAreDecoded() {
        final ExecutionEvent e = valid("{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"s\\u00e9\\\"q\", "
                + "\"kind\": \"error\", \"payload\": {\"error\": \"Zeitüberschreitung \\n 💥\"}}");
        assertThat(e.sessionId()).isEqualTo("sé\"q");
        assertThat(e.message()).isEqualTo("Zeitüberschreitung \n 💥");
    }

    @Test
    void everyPrefixOfAValidLineGivesAResult() {
        final byte[] line = utf8(OK);
        for (int len = 0; len < line.length; len++) {
            final ParseResult result = PARSER.parse(line, 0, len);
            assertThat(result).as("prefix of %d bytes", len).isInstanceOf(ParseResult.Invalid.class);
            final ParseResult.Invalid invalid = (ParseResult.Invalid) result;
            assertThat(invalid.reason()).isNotNull();
            assertThat(invalid.detail()).isNotNull().doesNotStartWith(ExecutionEventParser.UNEXPECTED_FAILURE);
            // The session value ends at byte 59; from there on the producer's key is recoverable.
            final int sessionEnd = OK.indexOf("\"s1\"") + 4;
            if (len >= sessionEnd) {
                assertThat(invalid.sessionHint()).as("hint for prefix of %d bytes", len).isEqualTo("s1");
            } else {
                assertThat(invalid.sessionHint()).as("hint for prefix of %d bytes", len).isNull();
            }
        }
        assertThat(PARSER.parse(line, 0, line.length)).isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void truncatedLineIsNamedAsSuch() {
        final ParseResult.Invalid result = invalid(OK.substring(0, 150) + "\n");
        assertThat(result.reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(result.detail()).isEqualTo(ExecutionEventParser.TRUNCATED);
        assertThat(result.sessionHint()).isEqualTo("s1");
    }

    @Test
    void truncatedLineWhoseSessionComesAfterAnErrorIsFoundByTheByteScan() {
        final ParseResult.Invalid ledgerCut = invalid("{\"ts\": 2025-12-20, \"run_id\": \"r-9\", \"stage\": \"a");
        assertThat(ledgerCut.reason()).isEqualTo(ParseErrorReason.INVALID_JSON);
        assertThat(ledgerCut.sessionHint()).isEqualTo("r-9");

        final ParseResult.Invalid escaped = invalid("xx {\"reason\": \"\\\"session_id\\\": \\\"fake\\\"\", "
                + "\"session_id\" : \"real\\u0021\"");
        assertThat(escaped.sessionHint()).isEqualTo("real!");

        assertThat(invalid("{\"a\": [, \"session_id\": \"cut-off").sessionHint()).isNull();
        assertThat(invalid("{\"a\": [, \"session_id\": 12}").sessionHint()).isNull();
    }

    @Test
    void sniffSessionReadsValidAndInvalidLines() {
        assertThat(ExecutionEventParser.sniffSession(utf8(OK))).isEqualTo("s1");
        assertThat(ExecutionEventParser.sniffSession(utf8(Records.ledger("ack", "")))).isEqualTo("run-7");
        assertThat(ExecutionEventParser.sniffSession(utf8("{\"session_id\": \"only\"}"))).isEqualTo("only");
        assertThat(ExecutionEventParser.sniffSession(utf8("{\"run_id\": \"r\", \"ts\": \"x\""))).isEqualTo("r");
        assertThat(ExecutionEventParser.sniffSession(utf8("garbage"))).isNull();
        assertThat(ExecutionEventParser.sniffSession(null)).isNull();
        final byte[] framed = utf8("##" + OK);
        assertThat(ExecutionEventParser.sniffSession(framed, 2, framed.length - 2)).isEqualTo("s1");
    }

    @Test
    void detailNeverEchoesTheInputOrControlCharacters() {
        final ParseResult.Invalid result = invalid("{\"a\": " + "q\u0001".repeat(1000) + "}");
        assertThat(result.detail()).hasSizeLessThanOrEqualTo(ExecutionEventParser.MAX_DETAIL_LENGTH + 3);
        assertThat(result.detail()).doesNotContain("\u0001");
        assertThat(ExecutionEventParser.shorten("a\nb\u007fc")).isEqualTo("a?b?c");
        assertThat(ExecutionEventParser.shorten(null)).isEqualTo("invalid");
    }

    @Test
    void enormousFieldNameIsTooLarge() {
        final ParseResult.Invalid result = invalid("{\"" + "n".repeat(5000) + "\": 1}");
        assertThat(result.reason()).isEqualTo(ParseErrorReason.TOO_LARGE);
    }
}
