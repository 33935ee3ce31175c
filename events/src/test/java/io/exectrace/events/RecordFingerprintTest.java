package io.exectrace.events;

import static io.exectrace.events.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordFingerprintTest {

    /** Reference values from the xxHash project's own CLI: {@code printf '%s' TEXT | xxhsum -H64}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                                   | ef46db3751d8e999
            a                                                                    | d24ec4f1a98c6e5b
            abc                                                                  | 44bc2cf5ad770999
            0123456789abcdefghijklmnopqrstuvwxyz                                 | 69196c1b3af0bff9
            '{"ts": "2025-12-20T10:00:00.150Z", "session_id": "golden_ok_001"}'  | 6840a39bf29bce93
            """)
    void matchesTheReferenceXxh64(final String text, final String expectedHex) {
        assertThat(RecordFingerprint.of(utf8(text))).isEqualTo(Long.parseUnsignedLong(expectedHex, 16));
    }

    @Test
    void matchesTheReferenceOnAKilobyteOfEveryByteValue() {
        final byte[] bytes = new byte[1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        // xxhsum -H64 over bytes 0..255 repeated four times
        assertThat(RecordFingerprint.of(bytes)).isEqualTo(Long.parseUnsignedLong("6f3914f18fe4df57", 16));
    }

    @Test
    void sameBytesSameFingerprintAtAnyOffset() {
        final byte[] line = utf8(Records.telemetry("order", "\"order_id\": \"o-1\""));
        final byte[] framed = new byte[line.length + 10];
        System.arraycopy(line, 0, framed, 7, line.length);
        assertThat(RecordFingerprint.of(framed, 7, line.length)).isEqualTo(RecordFingerprint.of(line.clone()));
        assertThat(((ParseResult.Valid) Records.PARSER.parse(line)).event().fingerprint())
                .isEqualTo(RecordFingerprint.of(line));
    }

    @Test
    void oneByteDifferentGivesADifferentFingerprint() {
        final Random random = new Random(42);
        final byte[] line = utf8(Records.ledger("fill", ", \"client_order_id\": \"c-1\", \"qty\": 0.3"));
        final long original = RecordFingerprint.of(line);
        final Set<Long> seen = new HashSet<>();
        seen.add(original);
        for (int i = 0; i < 2_000; i++) {
            final byte[] changed = line.clone();
            final int at = random.nextInt(changed.length);
            changed[at] = (byte) (changed[at] ^ (1 + random.nextInt(255)));
            seen.add(RecordFingerprint.of(changed));
            assertThat(RecordFingerprint.of(changed)).isNotEqualTo(original);
        }
        // Distinct single-byte changes (at most 2000, some repeated) hash apart from each other too.
        assertThat(seen.size()).isGreaterThan(1_900);
    }

    @Test
    void trailingNewlineIsPartOfTheRecord() {
        final byte[] line = utf8("{\"a\": 1}");
        final byte[] withNewline = utf8("{\"a\": 1}\n");
        assertThat(RecordFingerprint.of(line)).isNotEqualTo(RecordFingerprint.of(withNewline));
    }

    @Test
    void textFingerprintsOfAMillionSimilarIdsUnderThreeLettersAreDistinct() {
        // Ids as producers write them (a prefix and a counter) are what a weak hash maps together.
        final Set<Long> seen = new HashSet<>();
        for (final char first : new char[] {'i', 'o', 'b'}) {
            for (int n = 0; n < 400_000; n++) {
                assertThat(seen.add(RecordFingerprint.ofText(first, "o-" + n, 0))).as("%s o-%d", first, n).isTrue();
            }
        }
        assertThat(seen.add(RecordFingerprint.ofText('i', "", 0))).isTrue();
    }

    @Test
    void aTextFingerprintSkipsTheFirstUnitsAsAsked() {
        assertThat(RecordFingerprint.ofText('o', "oB-7", 1)).isEqualTo(RecordFingerprint.ofText('o', "B-7", 0));
        assertThat(RecordFingerprint.ofText('o', "xB-7", 1)).isEqualTo(RecordFingerprint.ofText('o', "B-7", 0));
        assertThat(RecordFingerprint.ofText('o', "B-7", 0)).isNotEqualTo(RecordFingerprint.ofText('b', "B-7", 0));
        assertThat(RecordFingerprint.ofText('o', "B-7", 3)).isEqualTo(RecordFingerprint.ofText('o', "", 0));
    }
}
