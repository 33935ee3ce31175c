package io.exectrace.launcher.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.producer.JsonlLineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The scan's in-place line splitting gives exactly the lines and line numbers of the producer's
 * {@link JsonlLineReader} (the replay path), whatever the line lengths and however the stream delivers its bytes.
 * The newline search itself is checked in the producer's {@code LineFramerTest}.
 */
class LineSplitTest {

    @Test
    void edgeCases() throws Exception {
        for (final String text : List.of("", "\n", "a", "a\n", "a\r\nb\r\n", "\n\n  \n\t\r\nx\n\ny", " a \n  \n",
                "{\"x\":1}\n\n{\"y\":2}")) {
            assertSameLines(text.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
        }
    }

    @Test
    void randomLogsWithLongLinesAndManyBatches() throws Exception {
        final Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            final StringBuilder sb = new StringBuilder();
            final int lines = random.nextInt(3 * LogScan.BATCH_LINES);
            for (int i = 0; i < lines; i++) {
                switch (random.nextInt(10)) {
                    case 0 -> sb.append("");
                    case 1 -> sb.append("  \r");
                    case 2 -> sb.append("x".repeat(random.nextInt(3 * LogScan.CHUNK)));
                    default -> sb.append("{\"n\":").append(i).append(",\"pad\":\"").append("p".repeat(random.nextInt(400)))
                            .append("\"}");
                }
                if (i < lines - 1 || random.nextBoolean()) {
                    sb.append(random.nextInt(5) == 0 ? "\r\n" : "\n");
                }
            }
            final byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            assertSameLines(bytes, Integer.MAX_VALUE);
            assertSameLines(bytes, 1 + random.nextInt(5000)); // short reads, as pipes and gzip deliver them
        }
    }

    private static void assertSameLines(final byte[] bytes, final int maxRead) throws Exception {
        final List<String> expected = new ArrayList<>();
        try (JsonlLineReader reader = new JsonlLineReader(new ByteArrayInputStream(bytes))) {
            byte[] line;
            while ((line = reader.next()) != null) {
                expected.add(reader.lineNumber() + ":" + new String(line, StandardCharsets.UTF_8));
            }
        }
        final List<String> actual = new ArrayList<>();
        final LogInput input = new LogInput("test", "test", null);
        LogScan.split(input, new ChunkedStream(bytes, maxRead), batch -> {
            for (int i = 0; i < batch.size; i++) {
                actual.add(batch.numbers[i] + ":" + new String(Arrays.copyOfRange(batch.bytes, batch.offsets[i],
                        batch.offsets[i] + batch.lengths[i]), StandardCharsets.UTF_8));
            }
        }, new AtomicBoolean());
        assertThat(actual).isEqualTo(expected);
    }

    /** Returns at most {@code maxRead} bytes per read. */
    private static final class ChunkedStream extends InputStream {
        private final byte[] bytes;
        private final int maxRead;
        private int position;

        ChunkedStream(final byte[] bytes, final int maxRead) {
            this.bytes = bytes;
            this.maxRead = maxRead;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            if (position == bytes.length) {
                return -1;
            }
            final int n = Math.min(Math.min(len, maxRead), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
