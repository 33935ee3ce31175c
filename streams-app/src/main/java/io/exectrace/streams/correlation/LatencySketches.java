package io.exectrace.streams.correlation;

import java.util.Arrays;

/**
 * One {@link LatencySketch} per {@link LatencyEdge}: the latency distribution of a session, or of one symbol in a
 * session (value of the {@code session-latency} store; what the API's {@code /latency} answer calls the session's
 * latency profile). Not to be confused with the producer's {@code LatencyProfile}, the median and p99 a synthetic
 * session's latencies are drawn from. Mutable; not thread-safe.
 */
public final class LatencySketches {
    private static final int FORMAT_VERSION = 1;
    private static final LatencyEdge[] EDGES = LatencyEdge.values();

    private final LatencySketch[] sketches = new LatencySketch[EDGES.length];

    public LatencySketches() {
        for (int i = 0; i < sketches.length; i++) {
            sketches[i] = new LatencySketch();
        }
    }

    /** The sketch of one edge (live, not a copy). */
    public LatencySketch sketch(final LatencyEdge edge) {
        return sketches[edge.ordinal()];
    }

    public void record(final LatencyEdge edge, final double ms) {
        sketches[edge.ordinal()].record(ms);
    }

    public void merge(final LatencySketches other) {
        for (int i = 0; i < sketches.length; i++) {
            sketches[i].merge(other.sketches[i]);
        }
    }

    public boolean isEmpty() {
        return Arrays.stream(sketches).allMatch(LatencySketch::isEmpty);
    }

    /** Convenience: the quantile of one edge, NaN when that edge has no data. */
    public double quantile(final LatencyEdge edge, final double q) {
        return sketch(edge).quantile(q);
    }

    public byte[] encode() {
        final CompactWriter w = new CompactWriter(64);
        writeTo(w);
        return w.toByteArray();
    }

    public static LatencySketches decode(final byte[] bytes) {
        final CompactReader r = new CompactReader(bytes);
        final int version = r.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown latency profile format " + version);
        }
        final int n = r.readByte();
        final LatencySketches p = new LatencySketches();
        for (int i = 0; i < n; i++) {
            final LatencySketch s = LatencySketch.read(r);
            if (i < p.sketches.length) {
                p.sketches[i] = s;
            }
        }
        return p;
    }

    void writeTo(final CompactWriter w) {
        w.writeByte(FORMAT_VERSION);
        w.writeByte(sketches.length);
        for (final LatencySketch s : sketches) {
            s.writeTo(w);
        }
    }
}
