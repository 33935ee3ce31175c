package io.exectrace.streams.correlation;

/**
 * How the duplicate and closed-id memories of a session are persisted without a store write per entry: entries
 * are numbered per memory, full chunks of {@value #FINGERPRINT_CHUNK} fingerprints (or {@value #ID_CHUNK} ids) are
 * written as one store entry, and the chunk still filling up (the tail) travels inside the session summary,
 * which is written on every record anyway. A chunk is deleted when its last entry leaves the memory; entries
 * numbered below the head have left it and are skipped when a session is loaded. Part of {@link SessionSummary}'s
 * binary form, invisible in its API.
 */
final class MemoryCursor {
    static final int FINGERPRINT_CHUNK = 32;
    static final int ID_CHUNK = 16;

    long nextFingerprintSeq;
    /** Sequence number of the oldest fingerprint still remembered. */
    long fingerprintHeadSeq;
    final long[] fingerprintTail = new long[FINGERPRINT_CHUNK];
    final long[] fingerprintTailTs = new long[FINGERPRINT_CHUNK];
    int fingerprintTailSize;

    long nextIdSeq;
    /** Sequence number of the oldest closed id still remembered. */
    long idHeadSeq;
    final String[] idTail = new String[ID_CHUNK];
    final long[] idTailTs = new long[ID_CHUNK];
    int idTailSize;

    /**
     * The tails in their binary form, extended when the summary is written (tails only grow until sealed), so the
     * summary written on every record encodes only the entries added since, instead of re-encoding up to 48; an
     * in-memory analyzer that never writes its summaries never encodes.
     */
    private final CompactWriter fingerprintTailBytes = new CompactWriter(FINGERPRINT_CHUNK * 11);
    private final CompactWriter idTailBytes = new CompactWriter(ID_CHUNK * 20);
    private int fingerprintTailEncoded;
    private int idTailEncoded;

    void appendFingerprint(final long fp, final long tsMicros) {
        fingerprintTail[fingerprintTailSize] = fp;
        fingerprintTailTs[fingerprintTailSize] = tsMicros;
        fingerprintTailSize++;
    }

    void resetFingerprintTail() {
        fingerprintTailSize = 0;
        fingerprintTailEncoded = 0;
        fingerprintTailBytes.reset();
    }

    void appendId(final String key, final long tsMicros) {
        idTail[idTailSize] = key;
        idTailTs[idTailSize] = tsMicros;
        idTailSize++;
    }

    void resetIdTail() {
        java.util.Arrays.fill(idTail, null);
        idTailSize = 0;
        idTailEncoded = 0;
        idTailBytes.reset();
    }

    private void encodeTails() {
        for (; fingerprintTailEncoded < fingerprintTailSize; fingerprintTailEncoded++) {
            final int i = fingerprintTailEncoded;
            final long previous = i == 0 ? 0 : fingerprintTailTs[i - 1];
            fingerprintTailBytes.writeFixedLong(fingerprintTail[i])
                    .writeSignedVarLong(fingerprintTailTs[i] - previous);
        }
        for (; idTailEncoded < idTailSize; idTailEncoded++) {
            final int i = idTailEncoded;
            final long previous = i == 0 ? 0 : idTailTs[i - 1];
            idTailBytes.writeString(idTail[i]).writeSignedVarLong(idTailTs[i] - previous);
        }
    }

    /** Sequence number of the first tail entry. */
    long fingerprintTailStart() {
        return nextFingerprintSeq - fingerprintTailSize;
    }

    long idTailStart() {
        return nextIdSeq - idTailSize;
    }

    void writeTo(final CompactWriter w) {
        encodeTails();
        w.writeVarLong(nextFingerprintSeq).writeVarLong(fingerprintHeadSeq).writeVarLong(fingerprintTailSize);
        w.writeBytes(fingerprintTailBytes);
        w.writeVarLong(nextIdSeq).writeVarLong(idHeadSeq).writeVarLong(idTailSize);
        w.writeBytes(idTailBytes);
    }

    void readFrom(final CompactReader r) {
        nextFingerprintSeq = r.readVarLong();
        fingerprintHeadSeq = r.readVarLong();
        final int fingerprints = boundedSize(r.readVarInt(), FINGERPRINT_CHUNK);
        resetFingerprintTail();
        long previous = 0;
        for (int i = 0; i < fingerprints; i++) {
            final long fp = r.readFixedLong();
            previous += r.readSignedVarLong();
            appendFingerprint(fp, previous);
        }
        nextIdSeq = r.readVarLong();
        idHeadSeq = r.readVarLong();
        final int ids = boundedSize(r.readVarInt(), ID_CHUNK);
        resetIdTail();
        previous = 0;
        for (int i = 0; i < ids; i++) {
            final String key = r.readString();
            previous += r.readSignedVarLong();
            appendId(key, previous);
        }
    }

    /** A full fingerprint chunk as a store value: count, then (fingerprint, delta-coded time) pairs. */
    static byte[] encodeFingerprintChunk(final long[] fps, final long[] ts, final int n) {
        final CompactWriter w = new CompactWriter(4 + n * 11);
        w.writeVarLong(n);
        long previous = 0;
        for (int i = 0; i < n; i++) {
            w.writeFixedLong(fps[i]).writeSignedVarLong(ts[i] - previous);
            previous = ts[i];
        }
        return w.toByteArray();
    }

    static byte[] encodeIdChunk(final String[] keys, final long[] ts, final int n) {
        final CompactWriter w = new CompactWriter(4 + n * 24);
        w.writeVarLong(n);
        long previous = 0;
        for (int i = 0; i < n; i++) {
            w.writeString(keys[i]).writeSignedVarLong(ts[i] - previous);
            previous = ts[i];
        }
        return w.toByteArray();
    }

    private static int boundedSize(final int n, final int max) {
        if (n > max) {
            throw new IllegalArgumentException("memory tail of " + n + " entries exceeds " + max);
        }
        return n;
    }
}
