package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

    private interface Rows {
        void write(CsvWriter writer);
    }

    private static String write(final Rows rows) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWriter writer = new CsvWriter(out)) {
            rows.write(writer);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(final int b) {
            bytes++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            bytes += len;
        }
    }
}
