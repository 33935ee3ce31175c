package io.exectrace.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one line framer of the tailer, the replay and the viewer. */
class LineFramerTest {

    @TempDir
    Path dir;

    @Test
    void framesOnNewlinesOnlyKeepingCarriageReturnsEmptyLinesAndAnUnterminatedLastLine() throws IOException {
        assertThat(frameAll("a\r\n\n  \n\t\r\nb\nlast", 4)).containsExactly(
                "1@0:a\r", "2@3:", "3@4:  ", "4@7:\t\r", "5@10:b", "6@12:last");
        assertThat(frameAll("a\n", 4)).containsExactly("1@0:a");
        assertThat(frameAll("", 4)).isEmpty();
        assertThat(frameAll("\n", 4)).containsExactly("1@0:");
    }

    @Test
    void linesLongerThanTheBufferGrowIt() throws IOException {
        final String big = "x".repeat(10_000);
        assertThat(frameAll(big + "\n" + big + "y", 16)).containsExactly("1@0:" + big, "2@10001:" + big + "y");
    }

    @Test
    void aPartialLineOfAGrowingFileWaitsForItsNewline() throws IOException {
        final Path file = dir.resolve("s.jsonl");
        Files.writeString(file, "one\ntw");
        final LineFramer framer = new LineFramer(64);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            framer.reset(0);
            long position = 0;
            position += framer.read(channel, position, channel.size() - position);
            assertThat(framer.next()).isTrue();
            assertThat(line(framer)).isEqualTo("one");
            assertThat(framer.next()).isFalse();
            assertThat(framer.nextLineOffset()).isEqualTo(4);
            framer.compact();

            Files.writeString(file, "o\nthr", StandardOpenOption.APPEND);
            position += framer.read(channel, position, channel.size() - position);
            assertThat(framer.next()).isTrue();
            assertThat(line(framer)).isEqualTo("two");
            assertThat(framer.lineOffset()).isEqualTo(4);
            assertThat(framer.next()).isFalse();
            assertThat(framer.nextLineOffset()).isEqualTo(8);
            assertThat(position).isEqualTo(11);
        }
    }

    @Test
    void readsAtMostWhatItIsToldFromAChannel() throws IOException {
        final Path file = dir.resolve("s.jsonl");
        Files.writeString(file, "0123456789\nabc\n");
        final LineFramer framer = new LineFramer(64);
        framer.reset(11);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(framer.read(channel, 11, 2)).isEqualTo(2);
            assertThat(framer.next()).isFalse();
            assertThat(framer.read(channel, 13, 10)).isEqualTo(2);
            assertThat(framer.next()).isTrue();
            assertThat(line(framer)).isEqualTo("abc");
            assertThat(framer.lineOffset()).isEqualTo(11);
            assertThat(framer.nextLineOffset()).isEqualTo(15);
            assertThat(framer.read(channel, 15, 10)).isEqualTo(-1);
        }
    }

    @Test
    void aHandedOffBufferKeepsItsLinesAndTheFramerGoesOnWithTheUnfinishedOne() throws IOException {
        final LineFramer framer = new LineFramer(8);
        final InputStream in = new ByteArrayInputStream("ab\ncd\nefg".getBytes(UTF_8));
        framer.read(in);
        assertThat(framer.full()).isTrue();
        assertThat(framer.next()).isTrue();
        final int from = framer.from();
        final int to = framer.to();
        final byte[] given = framer.handOff();
        assertThat(new String(given, from, to - from, UTF_8)).isEqualTo("ab");
        assertThat(framer.full()).isFalse();
        assertThat(framer.next()).isTrue();
        assertThat(line(framer)).isEqualTo("cd");
        assertThat(framer.lineOffset()).isEqualTo(3);
        assertThat(framer.lineNumber()).isEqualTo(2);
        assertThat(framer.next()).isFalse();
        assertThat(framer.read(in)).isEqualTo(1);
        assertThat(framer.next()).isFalse();
        assertThat(framer.last()).isTrue();
        assertThat(framer.lineOffset()).isEqualTo(6);
        assertThat(line(framer)).isEqualTo("efg");
        assertThat(framer.last()).isFalse();
    }

    @Test
    void resetStartsAgainAtAStreamOffsetKeepingTheGrownBuffer() throws IOException {
        final LineFramer framer = new LineFramer(4);
        final InputStream in = new ByteArrayInputStream("abcdefgh\n".getBytes(UTF_8));
        while (!framer.next()) {
            if (framer.full()) {
                framer.makeRoom();
            }
            framer.read(in);
        }
        assertThat(framer.capacity()).isEqualTo(16);
        framer.reset(100);
        assertThat(framer.capacity()).isEqualTo(16);
        assertThat(framer.nextLineOffset()).isEqualTo(100);
        assertThat(framer.lineNumber()).isZero();
        assertThat(framer.next()).isFalse();
        assertThat(framer.last()).isFalse();
    }

    @Test
    void blankMeansOnlySpacesTabsAndCarriageReturns() {
        assertThat(LineFramer.isBlank(" \t\r".getBytes(UTF_8), 0, 3)).isTrue();
        assertThat(LineFramer.isBlank(new byte[0], 0, 0)).isTrue();
        assertThat(LineFramer.isBlank(" x ".getBytes(UTF_8), 0, 3)).isFalse();
        assertThat(LineFramer.isBlank(" x ".getBytes(UTF_8), 2, 3)).isTrue();
    }

    @Test
    void newlineSearchFindsTheFirstNewlineAtEveryOffsetAndAlignment() {
        for (int length = 0; length <= 40; length++) {
            for (int from = 0; from <= length; from++) {
                final byte[] none = new byte[length];
                Arrays.fill(none, (byte) 'x');
                assertThat(LineFramer.indexOfNewline(none, from, length)).isEqualTo(length);
                for (int at = from; at < length; at++) {
                    final byte[] b = none.clone();
                    b[at] = '\n';
                    if (at + 1 < length) {
                        b[at + 1] = 0x0B; // 0x0B right after a newline is the word trick's false positive
                    }
                    if (at + 3 < length) {
                        b[at + 3] = '\n';
                    }
                    if (at > from) {
                        b[at - 1] = 0x0B;
                    }
                    assertThat(LineFramer.indexOfNewline(b, from, length)).as("length %d from %d at %d", length, from, at)
                            .isEqualTo(at);
                }
            }
        }
    }

    /** Frames everything through a buffer of {@code capacity} bytes: "number@offset:line" per line. */
    private static List<String> frameAll(final String text, final int capacity) throws IOException {
        final InputStream in = new ByteArrayInputStream(text.getBytes(UTF_8));
        final LineFramer framer = new LineFramer(capacity);
        final List<String> lines = new ArrayList<>();
        while (true) {
            if (framer.next()) {
                lines.add(framer.lineNumber() + "@" + framer.lineOffset() + ":" + line(framer));
                continue;
            }
            if (framer.full()) {
                framer.makeRoom();
            }
            if (framer.read(in) < 0) {
                break;
            }
        }
        if (framer.last()) {
            lines.add(framer.lineNumber() + "@" + framer.lineOffset() + ":" + line(framer));
        }
        return lines;
    }

    private static String line(final LineFramer framer) {
        return new String(framer.bytes(), framer.from(), framer.to() - framer.from(), UTF_8);
    }
}
