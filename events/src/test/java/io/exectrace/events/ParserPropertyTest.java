package io.exectrace.events;

import static io.exectrace.events.Records.PARSER;
import static io.exectrace.events.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random inputs: whatever the bytes, parse returns a result and never throws. */
class ParserPropertyTest {
    private static final long SEED = 0x5EED_2025_1220L;
    private static final int RANDOM_INPUTS = 20_000;
    private static final int MUTATIONS = 40_000;

    private static final List<byte[]> VALID = List.of(
            utf8("{\"ts\": \"2025-12-20T10:00:00.150Z\", \"session_id\": \"golden_ok_001\", \"symbol\": \"BTC-USD\", "
                    + "\"mode\": \"PAPER\", \"kind\": \"order\", \"payload\": {\"order_id\": \"order_001\", "
                    + "\"intent_id\": \"intent_001\", \"side\": \"BUY\", \"quantity\": 0.5, \"order_type\": \"MARKET\"}}"),
            utf8("{\"ts\": \"2025-12-20T09:30:45.123456+00:00\", \"session_id\": \"session_123\", \"symbol\": "
                    + "\"BTC-USD\", \"mode\": \"paper\", \"kind\": \"fill\", \"payload\": {\"filled_quantity\": 1.0, "
                    + "\"fill_price\": 100020.0, \"fill_fee\": 10.0}}"),
            utf8("{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"g\", \"kind\": \"gate\", \"payload\": "
                    + "{\"gate_name\": \"MinNotional\", \"passed\": false, \"reason\": \"too small\"}}"),
            utf8("{\"ts\": \"2025-12-20T10:00:01.25-05:00\", \"mode\": \"shadow\", \"run_id\": \"run-7\", "
                    + "\"stage\": \"ack\", \"strategy_id\": \"s1\", \"symbol\": \"BTC-EUR\", \"exchange\": \"kraken\", "
                    + "\"intent_id\": \"i-1\", \"client_order_id\": \"c-1\", \"broker_order_id\": \"k-9\", "
                    + "\"correlation_id\": \"t-1\", \"status\": \"acked\", \"qty\": 1.0, \"price\": 123.4, "
                    + "\"fee\": 0.0, \"reason\": \"\", \"latency_ms\": 12.5}"),
            utf8("{\"ts\": \"2025-12-20 10:00:00\", \"session_id\": \"é\\u00e9\", \"kind\": \"error\", \"payload\": "
                    + "{\"error\": \"Zeitüberschreitung\", \"order_id\": 17, \"x\": [[{\"y\": null}]]}}"));

    private static final byte[] TOKENS = utf8("{}[]\":,\\ 0123456789.eE+-tfnNaIu\u00e9");

    @Test
    void randomBytesNeverThrow() {
        final Random random = new Random(SEED);
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            final byte[] bytes = new byte[random.nextInt(300)];
            if (random.nextBoolean()) {
                random.nextBytes(bytes);
            } else {
                for (int k = 0; k < bytes.length; k++) {
                    bytes[k] = TOKENS[random.nextInt(TOKENS.length)];
                }
            }
            if (bytes.length > 0 && random.nextInt(3) == 0) {
                bytes[0] = '{';
            }
            check(bytes);
        }
    }

    @Test
    void mutatedEventsNeverThrow() {
        final Random random = new Random(SEED + 1);
        int valid = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] bytes = VALID.get(random.nextInt(VALID.size())).clone();
            final int rounds = 1 + random.nextInt(3);
            for (int r = 0; r < rounds; r++) {
                bytes = mutate(bytes, random);
            }
            if (check(bytes) instanceof ParseResult.Valid) {
                valid++;
            }
        }
        // Mutations that hit skipped bytes or values keep the event valid; most others break it.
        assertThat(valid).isBetween(1, MUTATIONS - 1);
    }

    @Test
    void unmutatedSamplesAreValid() {
        for (final byte[] sample : VALID) {
            assertThat(PARSER.parse(sample)).isInstanceOf(ParseResult.Valid.class);
        }
    }

    private static ParseResult check(final byte[] bytes) {
        final ParseResult result = PARSER.parse(bytes);
        assertThat(result).isNotNull();
        if (result instanceof ParseResult.Invalid invalid) {
            assertThat(invalid.reason()).isNotNull();
            assertThat(invalid.detail()).isNotNull()
                    .doesNotStartWith(ExecutionEventParser.UNEXPECTED_FAILURE)
                    .hasSizeLessThanOrEqualTo(ExecutionEventParser.MAX_DETAIL_LENGTH + 3);
        } else {
            final ExecutionEvent event = ((ParseResult.Valid) result).event();
            assertThat(event.sessionId()).isNotBlank();
            assertThat(event.stage()).isNotNull();
            assertThat(event.fingerprint()).isEqualTo(RecordFingerprint.of(bytes));
        }
        assertThat(ExecutionEventParser.sniffSession(bytes)).isEqualTo(sessionOf(result));
        return result;
    }

    private static String sessionOf(final ParseResult result) {
        return result instanceof ParseResult.Valid valid ? valid.event().sessionId()
                : ((ParseResult.Invalid) result).sessionHint();
    }

    private static byte[] mutate(final byte[] in, final Random random) {
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        final int at = random.nextInt(in.length);
        switch (random.nextInt(7)) {
            case 0 -> { // flip one bit
                final byte[] out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> { // replace a byte with a JSON-significant one
                final byte[] out = in.clone();
                out[at] = TOKENS[random.nextInt(TOKENS.length)];
                return out;
            }
            case 2 -> { // delete a run
                final int n = Math.min(in.length - at, 1 + random.nextInt(8));
                final byte[] out = new byte[in.length - n];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + n, out, at, in.length - at - n);
                return out;
            }
            case 3 -> { // insert random bytes
                final byte[] insert = new byte[1 + random.nextInt(4)];
                random.nextBytes(insert);
                final byte[] out = new byte[in.length + insert.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(insert, 0, out, at, insert.length);
                System.arraycopy(in, at, out, at + insert.length, in.length - at);
                return out;
            }
            case 4 -> { // truncate
                return Arrays.copyOf(in, at);
            }
            case 5 -> { // splice: head of this one, tail of another sample
                final byte[] other = VALID.get(random.nextInt(VALID.size()));
                final int from = random.nextInt(other.length);
                final byte[] out = new byte[at + other.length - from];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(other, from, out, at, other.length - from);
                return out;
            }
            default -> { // duplicate a run in place
                final int n = Math.min(in.length - at, 1 + random.nextInt(16));
                final byte[] out = new byte[in.length + n];
                System.arraycopy(in, 0, out, 0, at + n);
                System.arraycopy(in, at, out, at + n, in.length - at);
                return out;
            }
        }
    }
}
