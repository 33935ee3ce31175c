package io.exectrace.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlLineReaderTest {

    @TempDir
    Path dir;

    @Test
    void returnsLinesByteForByteWithoutTheirTerminator() throws IOException {
        final byte[] invalidUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
        final byte[] input = concat("{\"a\":1}\n".getBytes(UTF_8), invalidUtf8, "\n  \nlast".getBytes(UTF_8));
        final List<byte[]> lines = readAll(new JsonlLineReader(new ByteArrayInputStream(input)));
        assertThat(lines).hasSize(3);
        assertThat(new String(lines.get(0), UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(lines.get(1)).isEqualTo(invalidUtf8);
        assertThat(new String(lines.get(2), UTF_8)).isEqualTo("last");
    }

    @Test
    void keepsCarriageReturnsAndCountsBlankLines() throws IOException {
        final JsonlLineReader reader = new JsonlLineReader(
                new ByteArrayInputStream("a\r\n\n\nb\n".getBytes(UTF_8)));
        assertThat(new String(reader.next(), UTF_8)).isEqualTo("a\r");
        assertThat(reader.lineNumber()).isEqualTo(1);
        assertThat(new String(reader.next(), UTF_8)).isEqualTo("b");
        assertThat(reader.lineNumber()).isEqualTo(4);
        assertThat(reader.next()).isNull();
    }

    @Test
    void readsLinesLongerThanItsBuffer() throws IOException {
        final String big = "x".repeat(300_000);
        final List<byte[]> lines = readAll(new JsonlLineReader(
                new ByteArrayInputStream((big + "\n" + big + "y").getBytes(UTF_8))));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(300_000);
        assertThat(new String(lines.get(1), UTF_8)).endsWith("xy").hasSize(300_001);
    }

    @Test
    void gunzipsGzFiles() throws IOException {
        final Path file = dir.resolve("s1.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("one\ntwo\n".getBytes(UTF_8));
        }
        try (JsonlLineReader reader = JsonlLineReader.open(file)) {
            assertThat(readAll(reader)).extracting(b -> new String(b, UTF_8)).containsExactly("one", "two");
        }
    }

    @Test
    void emptyInputHasNoLines() throws IOException {
        assertThat(new JsonlLineReader(new ByteArrayInputStream(new byte[0])).next()).isNull();
    }

    private static List<byte[]> readAll(final JsonlLineReader reader) throws IOException {
        final List<byte[]> lines = new ArrayList<>();
        for (byte[] line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
        }
        return lines;
    }

    private static byte[] concat(final byte[]... parts) {
        int length = 0;
        for (final byte[] part : parts) {
            length += part.length;
        }
        final byte[] all = new byte[length];
        int at = 0;
        for (final byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
