package io.exectrace.producer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Splits a stream of bytes into JSONL lines in place, the one way every reader of logs does it: the tailer
 * ({@link LogFolderTailer}), the replay ({@link JsonlLineReader}) and the offline viewer. Only {@code \n} ends a
 * line, and it is not part of the line (a {@code \r} before it stays); empty and blank lines are framed like any
 * other (callers skip them with {@link #isBlank}, their line numbers still count); the bytes after the last
 * {@code \n} are an unfinished line, framed only when the caller says the input ended ({@link #last()}): a growing
 * file's partial line waits for more bytes instead.
 *
 * <p>The caller reads into the framer's buffer ({@link #read(InputStream)}, {@link #read(FileChannel, long, long)})
 * and takes lines with {@link #next()} until it returns false; each line is {@code bytes()[from(), to())}, valid
 * until the buffer changes (the next read, {@link #compact()}, {@link #makeRoom()}, {@link #handOff()}). When the
 * buffer is {@link #full()}, {@link #makeRoom()} moves the unfinished line to its start or, when that line fills it,
 * doubles it; {@link #handOff()} gives the buffer away with its lines and goes on in a new one.
 *
 * <p>Line ends are found eight bytes at a time ({@link #indexOfNewline}): splitting was the single largest cost of
 * the viewer's reader thread when it went byte by byte.
 */
public final class LineFramer {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final int initialCapacity;
    private byte[] bytes;
    /** Bytes of the buffer that hold input. */
    private int used;
    /** Where the unfinished line starts: just after the last line framed. */
    private int lineStart;
    /** Where the search for the next {@code \n} resumes: {@code [lineStart, scan)} holds none. */
    private int scan;
    private int from;
    private int to;
    /** Stream offset of {@code bytes[0]}. */
    private long base;
    private long lineNumber;

    /** A framer with a buffer of {@code capacity} bytes, at stream offset 0. */
    public LineFramer(final int capacity) {
        this.initialCapacity = capacity;
        this.bytes = new byte[capacity];
    }

    /**
     * Frames the next complete line among the bytes read: true with the line in {@code bytes()[from(), to())};
     * false when what is left is an unfinished line (read more, or call {@link #last()} at the end of the input).
     */
    public boolean next() {
        final int end = indexOfNewline(bytes, scan, used);
        if (end == used) {
            scan = used;
            return false;
        }
        from = lineStart;
        to = end;
        lineStart = end + 1;
        scan = lineStart;
        lineNumber++;
        return true;
    }

    /** At the end of the input: frames the unfinished line as the last line; false when there is none. */
    public boolean last() {
        if (lineStart == used) {
            return false;
        }
        from = lineStart;
        to = used;
        lineStart = used;
        scan = used;
        lineNumber++;
        return true;
    }

    /** The buffer the line framed last lies in. */
    public byte[] bytes() {
        return bytes;
    }

    /** Start of the line framed last in {@link #bytes()}. */
    public int from() {
        return from;
    }

    /** End (exclusive, the {@code \n} not included) of the line framed last in {@link #bytes()}. */
    public int to() {
        return to;
    }

    /** 1-based number of the line framed last (blank lines count); 0 before the first. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Stream offset of the line framed last. */
    public long lineOffset() {
        return base + from;
    }

    /** Stream offset just after the last line framed ({@code \n} included): where the unfinished line starts. */
    public long nextLineOffset() {
        return base + lineStart;
    }

    /** True when there is no room left to read into. */
    public boolean full() {
        return used == bytes.length;
    }

    public int capacity() {
        return bytes.length;
    }

    /**
     * Reads into the free room once.
     *
     * @return the bytes read, or -1 at the end of the stream
     */
    public int read(final InputStream in) throws IOException {
        final int n = in.read(bytes, used, bytes.length - used);
        if (n > 0) {
            used += n;
        }
        return n;
    }

    /**
     * Reads into the free room once, at most {@code max} bytes from {@code position} of the channel.
     *
     * @return the bytes read, or -1 at the end of the channel
     */
    public int read(final FileChannel channel, final long position, final long max) throws IOException {
        final int n = channel.read(ByteBuffer.wrap(bytes, used, (int) Math.min(bytes.length - used, max)), position);
        if (n > 0) {
            used += n;
        }
        return n;
    }

    /** Moves the unfinished line to the start of the buffer; the lines framed before are gone. */
    public void compact() {
        if (lineStart == 0) {
            return;
        }
        System.arraycopy(bytes, lineStart, bytes, 0, used - lineStart);
        used -= lineStart;
        scan -= lineStart;
        base += lineStart;
        lineStart = 0;
    }

    /** {@link #compact()}, and doubles the buffer when the unfinished line fills it whole. */
    public void makeRoom() {
        compact();
        if (full()) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
    }

    /**
     * Gives the buffer away, with the lines framed in it so far, and goes on in a new buffer that holds the
     * unfinished line (the initial capacity, or twice that line when it is longer).
     */
    public byte[] handOff() {
        final byte[] given = bytes;
        final int rest = used - lineStart;
        bytes = new byte[Math.max(initialCapacity, 2 * rest)];
        System.arraycopy(given, lineStart, bytes, 0, rest);
        used = rest;
        scan -= lineStart;
        base += lineStart;
        lineStart = 0;
        return given;
    }

    /** Forgets what was read and starts again at {@code streamOffset}, keeping the buffer (and its capacity). */
    public void reset(final long streamOffset) {
        used = 0;
        lineStart = 0;
        scan = 0;
        from = 0;
        to = 0;
        base = streamOffset;
        lineNumber = 0;
    }

    /** True when {@code b[from, to)} holds only spaces, tabs and {@code \r}: a blank line, which no reader sends. */
    public static boolean isBlank(final byte[] b, final int from, final int to) {
        for (int i = from; i < to; i++) {
            final byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * The first {@code \n} in {@code b[from, to)}, or {@code to}. Eight bytes at a time: splitting was the single
     * largest cost of the viewer's reader thread when it went byte by byte (0.3 s of CPU for a 246 MB log).
     */
    public static int indexOfNewline(final byte[] b, final int from, final int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            final long x = (long) LONGS.get(b, i) ^ NEWLINES;
            // A zero byte of x is a newline; the lowest flagged byte is always a true zero (little-endian order).
            final long zeros = (x - ONES) & ~x & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        while (i < to && b[i] != '\n') {
            i++;
        }
        return i;
    }
}
