package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KrakenTradesReaderTest {
    private static final KrakenTradesReader READER = new KrakenTradesReader();

    /** A trade as Kraken's REST TradesHistory answers it: time a number, every amount a string. */
    private static final String TRADE = "{\"ordertxid\": \"OUF4EM-FRGI2-MQMWZD\", \"postxid\": \"TKH2SE-M7IF5-CFI7LT\", "
            + "\"pair\": \"XXBTZEUR\", \"time\": 1766239200.3981, \"type\": \"buy\", \"ordertype\": \"limit\", "
            + "\"price\": \"92010.0\", \"cost\": \"23002.50000\", \"fee\": \"59.95000\", \"vol\": \"0.25000000\", "
            + "\"margin\": \"0.00000\", \"misc\": \"\", \"trade_id\": 80514, \"maker\": false, "
            + "\"ledgers\": [\"L4UESK-KG3EQ-UFO4T5\"]}";
    private static final VenueFill FILL = new VenueFill(1_766_239_200_398_100L, "kraken", "OUF4EM-FRGI2-MQMWZD",
            null, "THVRQM-33VKH-UCI7BS", "BTC-EUR", Side.BUY, 0.25, 92010.0, 59.95, "EUR");

    @Test
    void readsTheApiAnswerItsResultOrTheTradesAlone() {
        final String trades = "{\"THVRQM-33VKH-UCI7BS\": " + TRADE + "}";
        for (final String document : List.of(
                "{\"error\": [], \"result\": {\"trades\": " + trades + ", \"count\": 17}}",
                "{\"result\": {\"count\": 1, \"trades\": " + trades + "}, \"error\": []}",
                "{\"trades\": " + trades + ", \"count\": 1}",
                trades)) {
            final List<VenueFillEntry> entries = READER.read(utf8(document));
            assertThat(entries).as(document).hasSize(1);
            assertThat(entries.get(0).key()).isEqualTo("THVRQM-33VKH-UCI7BS");
            assertThat(entries.get(0).result()).isEqualTo(new VenueFillResult.Valid(FILL));
            assertThat(new String(entries.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo(TRADE);
        }
    }

    @Test
    void mapsTheKeyOrdertxidPairAndQuoteCurrency() {
        final VenueFill fill = valid("TDLH43-DVQXD-2KHVYY", TRADE.replace("XXBTZEUR", "ETHUSD")
                .replace("\"buy\"", "\"sell\""));
        assertThat(fill.tradeId()).isEqualTo("TDLH43-DVQXD-2KHVYY");
        assertThat(fill.venueOrderId()).isEqualTo("OUF4EM-FRGI2-MQMWZD");
        assertThat(fill.symbol()).isEqualTo("ETH-USD");
        assertThat(fill.feeCurrency()).isEqualTo("USD");
        assertThat(fill.side()).isEqualTo(Side.SELL);
        assertThat(fill.venue()).isEqualTo("kraken");
    }

    @Test
    void numbersAreReadFromStringsOrNumbers() {
        assertThat(valid("T", TRADE.replace("\"0.25000000\"", "0.25")).quantity()).isEqualTo(0.25);
        assertThat(valid("T", TRADE.replace("\"92010.0\"", "\"9.201e4\"")).price()).isEqualTo(92010.0);
        assertThat(valid("T", TRADE.replace("\"59.95000\"", "\"0.00000\"")).fee()).isZero();
        assertThat(valid("T", TRADE.replace("\"0.25000000\"", "\"0.00000001\"")).quantity()).isEqualTo(1e-8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1766239200.3981          | 1766239200398100",
        "\"1766239200.3981\"      | 1766239200398100",
        "\"1766239200.698765\"    | 1766239200698765",
        "1766239200.6987659999    | 1766239200698765",
        "\"1766239200.000001\"    | 1766239200000001",
        "1766239200               | 1766239200000000",
        "\"1766239200\"           | 1766239200000000"})
    void timeIsEpochSecondsToTheMicrosecond(final String time, final long micros) {
        assertThat(valid("T", TRADE.replace("1766239200.3981", time)).tsMicros()).isEqualTo(micros);
    }

    @Test
    void clOrdIdIsTheClientOrderIdAndUserrefIsNot() {
        assertThat(valid("T", TRADE.replace("{", "{\"cl_ord_id\": \"c-0001\", \"userref\": 7, ")).clientOrderId())
                .isEqualTo("c-0001");
        assertThat(valid("T", TRADE.replace("{", "{\"userref\": 7, ")).clientOrderId()).isNull();
        assertThat(valid("T", TRADE.replace("{", "{\"cl_ord_id\": \"\", ")).clientOrderId()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"time\": 1766239200.3981,       | \"time\": \"yesterday\",  | BAD_TS        | unreadable time \"yesterday\"",
        "\"time\": 1766239200.3981,       | \"time\": \"2025-12-20T14:00:00Z\", | BAD_TS | unreadable time \"2025-12-20T14:00:00Z\"",
        "\"time\": 1766239200.3981,       | \"time\": [1],            | BAD_TS        | time is not a string or a number but an array",
        "\"time\": 1766239200.3981,       | ''                        | MISSING_TS    | no time",
        "\"ordertxid\": \"OUF4EM-FRGI2-MQMWZD\", | ''                  | MISSING_FIELD | no ordertxid",
        "\"pair\": \"XXBTZEUR\",          | ''                        | MISSING_FIELD | no pair",
        "\"type\": \"buy\",               | ''                        | MISSING_FIELD | no type",
        "\"vol\": \"0.25000000\",         | ''                        | MISSING_FIELD | no vol",
        "\"price\": \"92010.0\",          | ''                        | MISSING_FIELD | no price",
        "\"fee\": \"59.95000\",           | ''                        | MISSING_FIELD | no fee",
        "\"ordertxid\": \"OUF4EM-FRGI2-MQMWZD\", | \"ordertxid\": 42,   | BAD_FIELD     | ordertxid is not a string but a number",
        "\"type\": \"buy\",               | \"type\": \"short\",      | BAD_SIDE      | type \"short\" is neither buy nor sell",
        "\"price\": \"92010.0\",          | \"price\": \"92,010.0\",  | BAD_NUMBER    | price \"92,010.0\" is not a number",
        "\"vol\": \"0.25000000\",         | \"vol\": \"NaN\",         | BAD_NUMBER    | vol \"NaN\" is not a number",
        "\"vol\": \"0.25000000\",         | \"vol\": \"0x10\",        | BAD_NUMBER    | vol \"0x10\" is not a number",
        "\"vol\": \"0.25000000\",         | \"vol\": \"1.5d\",        | BAD_NUMBER    | vol \"1.5d\" is not a number",
        "\"vol\": \"0.25000000\",         | \"vol\": \"0.00000000\",  | BAD_NUMBER    | vol must be positive, got 0.0",
        "\"fee\": \"59.95000\",           | \"fee\": \"\",            | BAD_NUMBER    | fee \"\" is not a number",
        "\"fee\": \"59.95000\",           | \"fee\": false,           | BAD_NUMBER    | fee is not a number but a boolean",
        "\"pair\": \"XXBTZEUR\",          | \"pair\": \"FOOBAR\",     | UNKNOWN_SYMBOL | pair \"FOOBAR\" is not in the symbol map and ends in no known quote currency"})
    void everyBadTradeHasItsReason(final String field, final String replacement, final VenueFillErrorReason reason,
                                   final String detail) {
        final VenueFillResult result = READER.readTrade("THVRQM-33VKH-UCI7BS", utf8(TRADE.replace(field, replacement)));
        assertThat(result).isInstanceOf(VenueFillResult.Invalid.class);
        final VenueFillResult.Invalid invalid = (VenueFillResult.Invalid) result;
        assertThat(invalid.reason()).isEqualTo(reason);
        assertThat(invalid.detail()).isEqualTo(detail);
    }

    @Test
    void aBlankOrLongKeyIsNoTradeId() {
        assertThat(((VenueFillResult.Invalid) READER.readTrade(" ", utf8(TRADE))).detail())
                .isEqualTo("no trade id (the trade's key)");
        assertThat(((VenueFillResult.Invalid) READER.readTrade("T".repeat(300), utf8(TRADE))).reason())
                .isEqualTo(VenueFillErrorReason.BAD_FIELD);
    }

    @Test
    void aBadTradeIsOneEntryWithItsValueBytesAndLine() {
        final String bad = "{\"ordertxid\": \"OBADSD-11111-AAAAAA\", \"pair\": \"XXBTZEUR\", \"note\": \"größer\", "
                + "\"time\": 1766239203.5, \"type\": \"short\", \"price\": \"1\", \"fee\": \"0\", \"vol\": \"1\"}";
        final String document = "{\"error\": [], \"result\": {\"trades\": {\n  \"TBAD\": " + bad + ",\n"
                + "  \"TNULL\": null,\n  \"THVRQM-33VKH-UCI7BS\": " + TRADE + "\n}, \"count\": 3}}\n";
        final List<VenueFillEntry> entries = READER.read(utf8(document));
        assertThat(entries).extracting(VenueFillEntry::key).containsExactly("TBAD", "TNULL", "THVRQM-33VKH-UCI7BS");
        assertThat(entries).extracting(VenueFillEntry::line).containsExactly(2L, 3L, 4L);
        assertThat(entries.get(0).raw()).isEqualTo(utf8(bad));
        assertThat(entries.get(0).result()).isEqualTo(new VenueFillResult.Invalid(VenueFillErrorReason.BAD_SIDE,
                "type \"short\" is neither buy nor sell", "OBADSD-11111-AAAAAA"));
        assertThat(entries.get(1).raw()).isEqualTo(utf8("null"));
        assertThat(((VenueFillResult.Invalid) entries.get(1).result()).reason())
                .isEqualTo(VenueFillErrorReason.NOT_AN_OBJECT);
        assertThat(entries.get(2).raw()).isEqualTo(utf8(TRADE));
        assertThat(entries.get(2).result()).isEqualTo(new VenueFillResult.Valid(FILL));
    }

    @Test
    void aDuplicateFieldInOneTradeMakesThatTradeInvalidJson() {
        final List<VenueFillEntry> entries = READER.read(utf8("{\"T1\": " + TRADE.replace("{", "{\"fee\": \"1\", ")
                + ", \"THVRQM-33VKH-UCI7BS\": " + TRADE + "}"));
        assertThat(((VenueFillResult.Invalid) entries.get(0).result()).detail()).isEqualTo("duplicate key 'fee'");
        assertThat(entries.get(1).result()).isInstanceOf(VenueFillResult.Valid.class);
    }

    @Test
    void severalDocumentsOneAfterTheOtherArePages() {
        final String page = "{\"error\": [], \"result\": {\"trades\": {\"%s\": %s}, \"count\": 2}}";
        final String file = String.format(page, "T2", TRADE.replace("0.25000000", "0.5")) + "\n"
                + String.format(page, "THVRQM-33VKH-UCI7BS", TRADE) + "\n";
        final List<VenueFillEntry> entries = READER.read(utf8(file));
        assertThat(entries).extracting(VenueFillEntry::key).containsExactly("T2", "THVRQM-33VKH-UCI7BS");
        assertThat(entries).extracting(VenueFillEntry::line).containsExactly(1L, 2L);
        assertThat(entries.get(1).result()).isEqualTo(new VenueFillResult.Valid(FILL));
    }

    @Test
    void aDocumentThatCannotBeSplitIntoTradesIsInvalidWhole() {
        assertInvalidFile("{\"error\": [\"EAPI:Invalid key\"]}", "line 1: Kraken answered with errors [EAPI:Invalid key]");
        assertInvalidFile("{\"error\": [], \"result\": {\"count\": 0}}",
                "line 1: an answer without a result.trades object");
        assertInvalidFile("{\"error\": [], \"result\": []}", "line 1: an answer without a result.trades object");
        assertInvalidFile("[" + TRADE + "]", "line 1: a TradesHistory answer is an object, not an array");
        assertInvalidFile("", "line 1: empty: no TradesHistory answer");
        assertInvalidFile("{\"T1\": " + TRADE + ",\n \"ts\": \"2025-12-20T14:00:00Z\", \"venue\": \"kraken\"}",
                "line 2: not a TradesHistory answer: ts is not a trade object (an answer has error and result, a "
                        + "result has trades, trades hold objects)");
        assertInvalidFile("{\"T1\": " + TRADE + ",\n \"T1\": " + TRADE + "}",
                "line 2: trade T1 appears twice in one answer (first on line 1)");
        assertThatThrownBy(() -> READER.read(utf8("{\"T1\": " + TRADE)))
                .isInstanceOf(InvalidVenueFileException.class).hasMessageStartingWith("line 1: not well-formed JSON: ");
        assertThatThrownBy(() -> READER.read(new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}))
                .isInstanceOf(InvalidVenueFileException.class).hasMessage("invalid UTF-8 at byte 2");
    }

    private static void assertInvalidFile(final String document, final String message) {
        assertThatThrownBy(() -> READER.read(utf8(document))).isInstanceOf(InvalidVenueFileException.class)
                .hasMessage(message);
    }

    private static VenueFill valid(final String key, final String trade) {
        final VenueFillResult result = READER.readTrade(key, utf8(trade));
        assertThat(result).as(trade).isInstanceOf(VenueFillResult.Valid.class);
        return ((VenueFillResult.Valid) result).fill();
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
