package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VenueFillParserTest {
    private static final VenueFillParser PARSER = new VenueFillParser();

    /** 2025-12-20T14:00:00.398100Z in epoch microseconds (1 766 239 200 s). */
    private static final long TS = 1_766_239_200_398_100L;

    private static final String GOOD = "{\"ts\": \"2025-12-20T14:00:00.398100Z\", \"venue\": \"kraken\", "
            + "\"venue_order_id\": \"OUF4EM-FRGI2-MQMWZD\", \"client_order_id\": \"c-0001\", "
            + "\"trade_id\": \"THVRQM-33VKH-UCI7BS\", \"symbol\": \"BTC-EUR\", \"side\": \"buy\", \"qty\": 0.25, "
            + "\"price\": 92010.0, \"fee\": 59.95, \"fee_currency\": \"EUR\"}";

    @Test
    void readsEveryFieldOfAGoodLine() {
        assertThat(valid(GOOD)).isEqualTo(new VenueFill(TS, "kraken", "OUF4EM-FRGI2-MQMWZD", "c-0001",
                "THVRQM-33VKH-UCI7BS", "BTC-EUR", Side.BUY, 0.25, 92010.0, 59.95, "EUR"));
        assertThat(valid(GOOD).ts()).hasToString("2025-12-20T14:00:00.398100Z");
    }

    @Test
    void normalisesVenueSymbolSideAndCurrency() {
        final VenueFill fill = valid(GOOD.replace("\"kraken\"", "\"Kraken \"").replace("\"BTC-EUR\"", "\"XXBTZEUR\"")
                .replace("\"buy\"", "\"SELL\"").replace("\"EUR\"", "\"zeur\""));
        assertThat(fill.venue()).isEqualTo("kraken");
        assertThat(fill.symbol()).isEqualTo("BTC-EUR");
        assertThat(fill.side()).isEqualTo(Side.SELL);
        assertThat(fill.feeCurrency()).isEqualTo("EUR");
        assertThat(valid(GOOD.replace("\"BTC-EUR\"", "\"XBT/EUR\"")).symbol()).isEqualTo("BTC-EUR");
        assertThat(valid(GOOD.replace("\"BTC-EUR\"", "\"btc/eur\"")).symbol()).isEqualTo("BTC-EUR");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"2025-12-20T14:00:00.398100Z\"        | 1766239200398100",
        "\"2025-12-20T15:00:00.398100+01:00\"   | 1766239200398100",
        "\"2025-12-20 14:00:00.3981Z\"          | 1766239200398100",
        "\"2025-12-20T14:00:00.398100999Z\"     | 1766239200398100",
        "\"2025-12-20T14:00:00Z\"               | 1766239200000000",
        "1766239200.3981                        | 1766239200398100",
        "1766239200.398100999                   | 1766239200398100",
        "1766239200.000001                      | 1766239200000001",
        "1766239200                             | 1766239200000000",
        "1.7662392003981E9                      | 1766239200398100"})
    void readsTimeToTheMicrosecond(final String ts, final long micros) {
        assertThat(valid(GOOD.replace("\"2025-12-20T14:00:00.398100Z\"", ts)).tsMicros()).isEqualTo(micros);
    }

    @Test
    void clientOrderIdIsOptionalAndUnknownFieldsAreSkipped() {
        assertThat(valid(GOOD.replace("\"client_order_id\": \"c-0001\", ", "")).clientOrderId()).isNull();
        assertThat(valid(GOOD.replace("\"c-0001\"", "null")).clientOrderId()).isNull();
        assertThat(valid(GOOD.replace("\"c-0001\"", "\" \"")).clientOrderId()).isNull();
        assertThat(valid(GOOD.replace("{", "{\"order_type\": \"limit\", \"extra\": {\"a\": [1, {\"b\": 2}]}, "))
                .tradeId()).isEqualTo("THVRQM-33VKH-UCI7BS");
    }

    @Test
    void aFeeMayBeZeroOrNegative() {
        assertThat(valid(GOOD.replace("59.95", "0")).fee()).isZero();
        assertThat(valid(GOOD.replace("59.95", "-1.5")).fee()).isEqualTo(-1.5);
    }

    @Test
    void whatTheWriterWritesReadsBackEqual() {
        final List<VenueFill> fills = List.of(valid(GOOD),
                new VenueFill(1_766_239_200_000_000L, "kraken", "O-1", null, "T-1", "ETH-BTC", Side.SELL,
                        1e-8, 0.0531234567891, -0.0001, "BTC"),
                new VenueFill(1_766_239_200_123_000L, "binance", "12345", "cl 1", "987", "SOL-USDT", Side.BUY,
                        123456789.123, 1e7, 0, "BNB"));
        for (final VenueFill fill : fills) {
            final byte[] written = VenueFillJson.write(fill);
            assertThat(PARSER.parse(written)).isEqualTo(new VenueFillResult.Valid(fill));
        }
        assertThat(new String(VenueFillJson.write(fills.get(0)), StandardCharsets.UTF_8)).isEqualTo(
                "{\"ts\":\"2025-12-20T14:00:00.398100Z\",\"venue\":\"kraken\",\"venue_order_id\":\"OUF4EM-FRGI2-MQMWZD\","
                        + "\"client_order_id\":\"c-0001\",\"trade_id\":\"THVRQM-33VKH-UCI7BS\",\"symbol\":\"BTC-EUR\","
                        + "\"side\":\"buy\",\"qty\":0.25,\"price\":92010.0,\"fee\":59.95,\"fee_currency\":\"EUR\"}");
        assertThat(new String(VenueFillJson.write(fills.get(1)), StandardCharsets.UTF_8))
                .startsWith("{\"ts\":\"2025-12-20T14:00:00.000Z\",").doesNotContain("client_order_id");
    }

    @Test
    void emptyValues() {
        assertThat(invalid((byte[]) null).reason()).isEqualTo(VenueFillErrorReason.EMPTY);
        assertThat(invalid("").reason()).isEqualTo(VenueFillErrorReason.EMPTY);
        assertThat(invalid(" \t\r\n").reason()).isEqualTo(VenueFillErrorReason.EMPTY);
        assertThat(invalid("\uFEFF ").reason()).isEqualTo(VenueFillErrorReason.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{", "{\"ts\": }", "{'ts': 1}", "{\"a\": NaN}", "{\"a\": 1}}",
        "{\"a\": 1} {\"b\": 2}", "{\"a\": 1, \"a\": 2}", "{\"a\": {\"b\": 1, \"b\": 1}}", "[1, 2", "\"open"})
    void malformedJsonIsInvalidJson(final String json) {
        assertThat(invalid(json).reason()).isEqualTo(VenueFillErrorReason.INVALID_JSON);
    }

    @Test
    void invalidJsonDetailsSayWhat() {
        assertThat(invalid("{\"a\": 1, \"a\": 2}").detail()).isEqualTo("duplicate key 'a'");
        assertThat(invalid("{\"a\": 1} x").detail()).startsWith("Unrecognized token 'x'");
        assertThat(invalid(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}).detail())
                .isEqualTo("invalid UTF-8 at byte 6");
        assertThat(invalid(new byte[] {0, '{', 0, '}'}).detail()).isEqualTo("NUL byte at the start");
    }

    @Test
    void aTruncatedLineKeepsTheOrderIdItHadRead() {
        final VenueFillResult.Invalid cut = invalid(GOOD.substring(0, GOOD.indexOf("\"qty\"")));
        assertThat(cut.reason()).isEqualTo(VenueFillErrorReason.INVALID_JSON);
        assertThat(cut.orderHint()).isEqualTo("OUF4EM-FRGI2-MQMWZD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"ts\": 1}]", "\"text\"", "42", "true", "null"})
    void wellFormedJsonThatIsNotAnObject(final String json) {
        final VenueFillResult.Invalid result = invalid(json);
        assertThat(result.reason()).isEqualTo(VenueFillErrorReason.NOT_AN_OBJECT);
        assertThat(result.detail()).startsWith("root is");
    }

    @Test
    void beyondTheLimitsIsTooLarge() {
        final String deep = "{\"a\": " + "[".repeat(100) + "]".repeat(100) + "}";
        assertThat(invalid(deep).reason()).isEqualTo(VenueFillErrorReason.TOO_LARGE);
        assertThat(invalid("{\"" + "n".repeat(2000) + "\": 1}").reason()).isEqualTo(VenueFillErrorReason.TOO_LARGE);
    }

    @Test
    void noTimeIsMissingTs() {
        assertThat(invalid(GOOD.replace("\"ts\"", "\"time\""))).isEqualTo(new VenueFillResult.Invalid(
                VenueFillErrorReason.MISSING_TS, "no ts", "OUF4EM-FRGI2-MQMWZD"));
        assertThat(invalid(GOOD.replace("\"2025-12-20T14:00:00.398100Z\"", "null")).reason())
                .isEqualTo(VenueFillErrorReason.MISSING_TS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"2025-12-20T14:00:00.398\"    | ts \"2025-12-20T14:00:00.398\" has no zone (Z or an offset such as +00:00)",
        "\"2025-13-20T14:00:00Z\"       | unreadable ts \"2025-13-20T14:00:00Z\"",
        "\"1766239200.3981\"            | unreadable ts \"1766239200.3981\"",
        "\"yesterday\"                  | unreadable ts \"yesterday\"",
        "\"1989-12-31T23:59:59Z\"       | unreadable ts \"1989-12-31T23:59:59Z\"",
        "-1                             | unreadable ts -1",
        "99999999999                    | unreadable ts 99999999999",
        "true                           | ts is not a string or a number but a boolean",
        "{\"s\": 1}                     | ts is not a string or a number but an object"})
    void unreadableTimeIsBadTs(final String ts, final String detail) {
        assertThat(invalid(GOOD.replace("\"2025-12-20T14:00:00.398100Z\"", ts)))
                .isEqualTo(new VenueFillResult.Invalid(VenueFillErrorReason.BAD_TS, detail, "OUF4EM-FRGI2-MQMWZD"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"venue\": \"kraken\", | venue",
        "\"venue_order_id\": \"OUF4EM-FRGI2-MQMWZD\", | venue_order_id",
        "\"trade_id\": \"THVRQM-33VKH-UCI7BS\", | trade_id",
        "\"symbol\": \"BTC-EUR\", | symbol",
        "\"side\": \"buy\", | side",
        "\"qty\": 0.25, | qty",
        "\"price\": 92010.0, | price",
        "\"fee\": 59.95, | fee",
        ", \"fee_currency\": \"EUR\" | fee_currency"})
    void everyRequiredFieldIsNamedWhenMissing(final String field, final String name) {
        final VenueFillResult.Invalid result = invalid(GOOD.replace(field, ""));
        assertThat(result.reason()).isEqualTo(VenueFillErrorReason.MISSING_FIELD);
        assertThat(result.detail()).isEqualTo("no " + name);
    }

    @Test
    void nullAndBlankTextAreMissing() {
        assertThat(invalid(GOOD.replace("\"THVRQM-33VKH-UCI7BS\"", "null")).detail()).isEqualTo("no trade_id");
        assertThat(invalid(GOOD.replace("\"THVRQM-33VKH-UCI7BS\"", "\"  \"")).detail()).isEqualTo("no trade_id");
        assertThat(invalid(GOOD.replace("\"OUF4EM-FRGI2-MQMWZD\"", "\"\"")).orderHint()).isNull();
    }

    @Test
    void textOfTheWrongTypeOrTooLongIsBadField() {
        final VenueFillResult.Invalid number = invalid(GOOD.replace("\"OUF4EM-FRGI2-MQMWZD\"", "12345"));
        assertThat(number).isEqualTo(new VenueFillResult.Invalid(VenueFillErrorReason.BAD_FIELD,
                "venue_order_id is not a string but a number", null));
        assertThat(invalid(GOOD.replace("\"c-0001\"", "[\"c\"]")).detail())
                .isEqualTo("client_order_id is not a string but an array");
        assertThat(invalid(GOOD.replace("THVRQM-33VKH-UCI7BS", "T".repeat(257))).detail())
                .isEqualTo("trade_id is longer than 256 characters");
        assertThat(valid(GOOD.replace("THVRQM-33VKH-UCI7BS", "T".repeat(256))).tradeId()).hasSize(256);
        assertThat(invalid(GOOD.replace("\"EUR\"", "\"E U R\"")).detail())
                .isEqualTo("fee_currency \"E U R\" is not a currency code (letters and digits)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hold", "b", "long", "BUYS"})
    void aSideThatIsNeitherBuyNorSellIsBadSide(final String side) {
        assertThat(invalid(GOOD.replace("\"buy\"", "\"" + side + "\""))).isEqualTo(new VenueFillResult.Invalid(
                VenueFillErrorReason.BAD_SIDE, "side \"" + side + "\" is neither buy nor sell", "OUF4EM-FRGI2-MQMWZD"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"qty\": 0.25        | \"qty\": \"0.25\"  | qty is not a number but a string",
        "\"qty\": 0.25        | \"qty\": 0         | qty must be positive, got 0.0",
        "\"qty\": 0.25        | \"qty\": -0.25     | qty must be positive, got -0.25",
        "\"qty\": 0.25        | \"qty\": 1e400     | qty is too large for a double",
        "\"price\": 92010.0   | \"price\": 0.0     | price must be positive, got 0.0",
        "\"price\": 92010.0   | \"price\": true    | price is not a number but a boolean",
        "\"fee\": 59.95       | \"fee\": \"59.95\" | fee is not a number but a string",
        "\"fee\": 59.95       | \"fee\": {}        | fee is not a number but an object"})
    void numbersThatAreNotUsableAreBadNumber(final String field, final String replacement, final String detail) {
        assertThat(invalid(GOOD.replace(field, replacement))).isEqualTo(new VenueFillResult.Invalid(
                VenueFillErrorReason.BAD_NUMBER, detail, "OUF4EM-FRGI2-MQMWZD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTCXYZ", "FOOBAR", "BTC-EUR-PERP", "B/", "X"})
    void aSymbolTheRuleCannotReadIsUnknownSymbol(final String symbol) {
        assertThat(invalid(GOOD.replace("\"BTC-EUR\"", "\"" + symbol + "\""))).isEqualTo(new VenueFillResult.Invalid(
                VenueFillErrorReason.UNKNOWN_SYMBOL, "symbol \"" + symbol
                        + "\" is not in the symbol map and ends in no known quote currency", "OUF4EM-FRGI2-MQMWZD"));
    }

    @Test
    void theFirstReasonInOrderWins() {
        final String manyWrong = GOOD.replace("\"buy\"", "\"hold\"").replace("0.25", "-1")
                .replace("\"BTC-EUR\"", "\"FOOBAR\"");
        assertThat(invalid(manyWrong).reason()).isEqualTo(VenueFillErrorReason.BAD_SIDE);
        assertThat(invalid(manyWrong.replace("\"trade_id\": \"THVRQM-33VKH-UCI7BS\", ", "")).reason())
                .isEqualTo(VenueFillErrorReason.MISSING_FIELD);
        assertThat(invalid(manyWrong.replace("\"2025-12-20T14:00:00.398100Z\"", "\"x\"")).reason())
                .isEqualTo(VenueFillErrorReason.BAD_TS);
        assertThat(invalid(GOOD.replace("\"buy\"", "1")).reason()).isEqualTo(VenueFillErrorReason.BAD_FIELD);
    }

    @Test
    void parsesOnlyTheGivenRange() {
        final byte[] framed = ("garbage" + GOOD + "more").getBytes(StandardCharsets.UTF_8);
        assertThat(PARSER.parse(framed, 7, GOOD.length())).isInstanceOf(VenueFillResult.Valid.class);
        assertThatThrownBy(() -> PARSER.parse(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aJsonlFileIsOneEntryPerNonBlankLineWithItsBytes() {
        final String bad = "{\"ts\": \"2025-12-20T14:00:00Z\", \"qty\": 1";
        final String file = GOOD + "\n\n  \r\n" + bad + "\r\n" + GOOD.replace("buy", "sell");
        final List<VenueFillEntry> entries = PARSER.readFile(file.getBytes(StandardCharsets.UTF_8));
        assertThat(entries).extracting(VenueFillEntry::line).containsExactly(1L, 4L, 5L);
        assertThat(entries).extracting(VenueFillEntry::key).containsOnlyNulls();
        assertThat(new String(entries.get(1).raw(), StandardCharsets.UTF_8)).isEqualTo(bad + "\r");
        assertThat(entries.get(1).result()).isInstanceOf(VenueFillResult.Invalid.class);
        assertThat(((VenueFillResult.Valid) entries.get(2).result()).fill().side()).isEqualTo(Side.SELL);
    }

    @Test
    void aJsonArrayFileIsOneEntryPerElementWithItsBytes() {
        final String file = "\uFEFF [\n  " + GOOD + ",\n  \"é\", {\"ts\": 1, \"ts\": 2},\n  "
                + GOOD.replace("buy", "sell") + "\n]\n";
        final List<VenueFillEntry> entries = PARSER.readFile(file.getBytes(StandardCharsets.UTF_8));
        assertThat(entries).extracting(VenueFillEntry::line).containsExactly(2L, 3L, 3L, 4L);
        assertThat(new String(entries.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo(GOOD);
        assertThat(new String(entries.get(1).raw(), StandardCharsets.UTF_8)).isEqualTo("\"é\"");
        assertThat(((VenueFillResult.Invalid) entries.get(1).result()).reason())
                .isEqualTo(VenueFillErrorReason.NOT_AN_OBJECT);
        assertThat(((VenueFillResult.Invalid) entries.get(2).result()).detail()).isEqualTo("duplicate key 'ts'");
        assertThat(new String(entries.get(3).raw(), StandardCharsets.UTF_8)).isEqualTo(GOOD.replace("buy", "sell"));
    }

    @Test
    void aJsonArrayFileThatCannotBeSplitIsInvalidWhole() {
        assertThatThrownBy(() -> PARSER.readFile(utf8("[" + GOOD + ",\n" + GOOD)))
                .isInstanceOf(InvalidVenueFileException.class).hasMessageStartingWith("line 2: ");
        assertThatThrownBy(() -> PARSER.readFile(utf8("[" + GOOD + "] {}")))
                .isInstanceOf(InvalidVenueFileException.class).hasMessage("line 1: content after the array");
        assertThatThrownBy(() -> PARSER.readFile(utf8("[{\"a\": 1}, x]")))
                .isInstanceOf(InvalidVenueFileException.class).hasMessageContaining("not well-formed JSON");
    }

    private static VenueFill valid(final String json) {
        final VenueFillResult result = PARSER.parse(utf8(json));
        assertThat(result).as(json).isInstanceOf(VenueFillResult.Valid.class);
        return ((VenueFillResult.Valid) result).fill();
    }

    private static VenueFillResult.Invalid invalid(final String json) {
        return invalid(utf8(json));
    }

    private static VenueFillResult.Invalid invalid(final byte[] value) {
        final VenueFillResult result = PARSER.parse(value);
        assertThat(result).isInstanceOf(VenueFillResult.Invalid.class);
        return (VenueFillResult.Invalid) result;
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
