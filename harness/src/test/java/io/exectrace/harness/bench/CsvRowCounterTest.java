package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvRowCounterTest {

    private static CsvRowCounter count(final String csv) throws IOException {
        final CsvRowCounter counter = new CsvRowCounter();
        counter.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        return counter;
    }

    @Test
    void lineEndsInsideQuotesDoNotEndARecord() throws IOException {
        final CsvRowCounter counter = count("id,message\r\n1,\"two\r\nlines\"\r\n2,\"a \"\"quoted\"\" word\"\r\n");
        assertThat(counter.records()).isEqualTo(3);
        assertThat(counter.bytes()).isEqualTo(51);
    }

    @Test
    void aLastRecordWithoutLineEndCounts() throws IOException {
        assertThat(count("id\r\n1\r\n2").records()).isEqualTo(3);
        assertThat(count("").records()).isZero();
    }
}
