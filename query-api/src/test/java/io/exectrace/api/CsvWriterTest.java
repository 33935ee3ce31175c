package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void quotesOnlyWhatRfc4180Requires() throws IOException {
        final String csv = write(w -> w.row("plain", "a,b", "say \"hi\"", "two\nlines", "", null));
        assertThat(csv).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\r\n");
    }

    @Test
    void formulaCellsGetALeadingQuoteAndNumbersStayNumbers() throws IOException {
        final String csv = write(w -> {
            w.row("=HYPERLINK(\"http://x\")", "+1", "-cmd", "@SUM(A1)", "\tx", "\rx", "a=b");
            w.number(-5).number(0.25).number(Double.NaN).number(-7L).endRow();
        });
        final List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
        assertThat(records.get(0).values()).containsExactly("'=HYPERLINK(\"http://x\")", "'+1", "'-cmd",
                "'@SUM(A1)", "'\tx", "'\rx", "a=b");
        assertThat(records.get(1).values()).containsExactly("-5", "0.25", "", "-7");
    }

    @Test
    void writesUtf8AndParsesBackWithARealCsvParser() throws IOException {
        final String[] row = {"BTC-€", "ü,ß", "日本", "line1\r\nline2", "\"quoted\""};
        final String csv = write(w -> w.row(row));
        assertThat(csv.getBytes(StandardCharsets.UTF_8)).contains("€".getBytes(StandardCharsets.UTF_8));
        final CSVRecord record = CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords().get(0);
        assertThat(record.values()).containsExactly(row);
    }

    @Test
    void streamsWithoutHoldingRows() throws IOException {
        final CountingStream sink = new CountingStream();
        try (CsvWriter writer = new CsvWriter(sink)) {
            for (int i = 0; i < 200_000; i++) {
                writer.text("session").number(i).endRow();
                // The buffer is bounded: at most one buffer of chars is ever pending.
                assertThat((long) i * 10 - sink.bytes).isLessThan(64 * 1024);
            }
        }
        assertThat(sink.bytes).isGreaterThan(200_000L * 10);
    }

    @Test
    void encodesEveryCharacterAsJavasUtf8EncoderDoesAcrossBufferBoundaries() throws IOException {
        final SplittableRandom random = new SplittableRandom(11);
        final StringBuilder expected = new StringBuilder();
        final List<String> cells = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            final StringBuilder cell = new StringBuilder("x,"); // always quoted
            final int n = random.nextInt(40);
            for (int j = 0; j < n; j++) {
                cell.append(switch (random.nextInt(6)) {
                    case 0 -> (char) random.nextInt(0x20, 0x80);
                    case 1 -> (char) random.nextInt(0x80, 0x800);
                    case 2 -> (char) random.nextInt(0x800, 0xD800);
                    case 3 -> "\uD83D\uDE00"; // a surrogate pair: one 4-byte character
                    case 4 -> random.nextBoolean() ? "\uD83D" : "\uDE00"; // unpaired: not text, '?'
                    default -> ",\"";
                });
            }
            cells.add(cell.toString());
            expected.append('"').append(cell.toString().replace("\"", "\"\"")).append('"').append("\r\n");
        }
        final byte[] written = writeBytes(w -> cells.forEach(cell -> w.text(cell).endRow()));
        // String.getBytes replaces an unpaired surrogate with '?', as the OutputStreamWriter did before
        assertThat(written).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void timesAreInstantTextAndKeysAreUnpaddedBase64Url() throws IOException {
        final long[] times = {0, 1_766_224_801_250_000L, 1_766_224_801_250_123L, 1_766_224_801_000_000L, -1,
            Long.MIN_VALUE, Long.MAX_VALUE};
        final SplittableRandom random = new SplittableRandom(3);
        final List<byte[]> keys = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            final byte[] key = new byte[n];
            random.nextBytes(key);
            keys.add(key);
        }
        keys.add(new byte[] {(byte) 0xF8, 0}); // base64url starts with '-': a formula character
        final StringBuilder expected = new StringBuilder();
        for (final long micros : times) {
            expected.append(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000L)).append("\r\n");
        }
        for (final byte[] key : keys) {
            final String text = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
            expected.append(text.startsWith("-") ? "'" + text : text).append("\r\n");
        }
        final String csv = write(w -> {
            for (final long micros : times) {
                w.isoMicros(micros).endRow();
            }
            keys.forEach(key -> w.base64Url(key).endRow());
        });
        assertThat(csv).isEqualTo(expected.toString());
    }

    @Test
    void integralNumbersAreTheirDecimalText() throws IOException {
        final long[] values = {0, 9, 10, 99, 100, -1, -10, 999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1};
        final StringBuilder expected = new StringBuilder();
        for (final long value : values) {
            expected.append(value).append(",\r\n");
        }
        final String csv = write(w -> {
            for (final long value : values) {
                w.number(value).text(null).endRow();
            }
        });
        assertThat(csv).isEqualTo(expected.toString());
        assertThat(write(w -> w.number(1e15).number(123456789012345.0).number(-0.0).number(2.5).endRow()))
                .isEqualTo("1.0E15,123456789012345,0,2.5\r\n");
    }

    private interface Rows {
        void write(CsvWriter writer);
    }

    private static String write(final Rows rows) throws IOException {
        return new String(writeBytes(rows), StandardCharsets.UTF_8);
    }

    private static byte[] writeBytes(final Rows rows) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWriter writer = new CsvWriter(out)) {
            rows.write(writer);
        }
        return out.toByteArray();
    }
}
