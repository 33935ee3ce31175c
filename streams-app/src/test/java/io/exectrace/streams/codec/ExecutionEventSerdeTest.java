package io.exectrace.streams.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.events.Dialect;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ParseErrorReason;
import io.exectrace.events.QualityFlags;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.ingest.SessionInputSerde;

import java.util.Arrays;
import java.util.Random;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExecutionEventSerdeTest {

    private final ExecutionEventSerde serde = new ExecutionEventSerde();
    private final SessionInputSerde inputSerde = new SessionInputSerde();

    static ExecutionEvent full() {
        return new ExecutionEvent(1_766_224_800_150_123L, "golden_ok_001", Stage.FILL, Dialect.LEDGER_V1, "shadow",
                "BTC-EUR", "kraken", Side.SELL, "i-1", "c-1", "k-9", "t-1", "s1", 0.5, 123.4, 61.7, 0.02,
                "max_notional", "risk_gate", "boom", "LIMIT", "filled", 12.5,
                QualityFlags.ZONELESS_TS | QualityFlags.NON_STRING_ID, 0x8000_0000_0000_0001L);
    }

    static ExecutionEvent sparse() {
        return new ExecutionEvent(-5L, "s", Stage.INTENT, Dialect.TELEMETRY_V1, null, null, null, Side.UNKNOWN,
                null, null, null, null, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null, null, null,
                null, Double.NaN, 0, 0L);
    }

    @Test
    void roundTripsEveryField() {
        final ExecutionEvent event = full();
        assertThat(serde.deserialize("t", serde.serialize("t", event))).isEqualTo(event);
    }

    @Test
    void roundTripsNullStringsNaNAndNegativeTime() {
        final ExecutionEvent event = sparse();
        final ExecutionEvent back = serde.deserialize("t", serde.serialize("t", event));
        assertThat(back).isEqualTo(event);
        assertThat(back.mode()).isNull();
        assertThat(back.quantity()).isNaN();
        assertThat(back.tsMicros()).isEqualTo(-5L);
    }

    @Test
    void keepsNegativeZeroAndInfinities() {
        final ExecutionEvent event = new ExecutionEvent(Long.MAX_VALUE, "s", Stage.ERROR, Dialect.TELEMETRY_V1,
                "live", "X", null, Side.BUY, null, null, null, null, null, -0.0, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, null, null, "m", null, null, Double.MAX_VALUE,
                Integer.MAX_VALUE, Long.MIN_VALUE);
        final ExecutionEvent back = serde.deserialize("t", serde.serialize("t", event));
        assertThat(Double.doubleToRawLongBits(back.quantity())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(back).isEqualTo(event);
    }

    @Test
    void roundTripsUnicodeIncludingSupplementaryCharactersAndLongStrings() {
        final String longText = "x".repeat(70_000) + "é";
        final ExecutionEvent event = new ExecutionEvent(1L, "séance-📈-会话", Stage.ERROR, Dialect.TELEMETRY_V1,
                "paper", "ÄÖÜ/€", "交易所", Side.BUY, "", "\u0000", null, null, null, 1, 2, 3, 4, "grün",
                null, longText, null, null, Double.NaN, 0, 42L);
        assertThat(serde.deserialize("t", serde.serialize("t", event))).isEqualTo(event);
    }

    @Test
    void randomEventsRoundTrip() {
        final Random random = new Random(7);
        final String[] pool = {null, "", "a", "BTC-USD", "ü", "😀x", "order_" + random.nextInt()};
        for (int i = 0; i < 2_000; i++) {
            final ExecutionEvent event = new ExecutionEvent(random.nextLong(), pool[1 + random.nextInt(6)],
                    Stage.values()[random.nextInt(Stage.values().length)],
                    Dialect.values()[random.nextInt(Dialect.values().length)], pick(random, pool),
                    pick(random, pool), pick(random, pool), Side.values()[random.nextInt(3)], pick(random, pool),
                    pick(random, pool), pick(random, pool), pick(random, pool), pick(random, pool),
                    random.nextDouble(), random.nextBoolean() ? Double.NaN : random.nextGaussian(),
                    random.nextDouble(), random.nextDouble(), pick(random, pool), pick(random, pool),
                    pick(random, pool), pick(random, pool), pick(random, pool), random.nextDouble(),
                    random.nextInt(8), random.nextLong());
            assertThat(serde.deserialize("t", serde.serialize("t", event))).isEqualTo(event);
        }
    }

    @Test
    void nullIsNull() {
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void truncatedOrTrailingBytesAreRejected() {
        final byte[] bytes = serde.serialize("t", full());
        assertThatThrownBy(() -> serde.deserialize("t", Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserialize("t", Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class);
        final byte[] otherVersion = bytes.clone();
        otherVersion[0] = 99;
        assertThatThrownBy(() -> serde.deserialize("t", otherVersion))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version");
    }

    @Test
    void isCompact() {
        // 64 fixed bytes + 14 strings of 82 ASCII bytes in all, each behind a one-byte length.
        assertThat(serde.serialize("t", full()).length).isEqualTo(64 + 82 + 14);
    }

    @Test
    void sessionInputRoundTripsValidEvents() {
        final SessionInput input = SessionInput.valid(full());
        assertThat(inputSerde.deserialize("t", inputSerde.serialize("t", input))).isEqualTo(input);
        final SessionInput sparse = SessionInput.valid(sparse());
        assertThat(inputSerde.deserialize("t", inputSerde.serialize("t", sparse))).isEqualTo(sparse);
    }

    @ParameterizedTest
    @EnumSource(ParseErrorReason.class)
    void sessionInputRoundTripsEveryParseError(final ParseErrorReason reason) {
        final SessionInput input = SessionInput.invalid(reason);
        assertThat(inputSerde.deserialize("t", inputSerde.serialize("t", input))).isEqualTo(input);
    }

    @Test
    void sessionInputKeepsItsArrivalTimeAndStillReadsTheFormatWithout() {
        final SessionInput valid = SessionInput.valid(full()).arrivedAt(1_766_239_200_123L);
        assertThat(inputSerde.deserialize("t", inputSerde.serialize("t", valid))).isEqualTo(valid);
        final SessionInput invalid = SessionInput.invalid(ParseErrorReason.BAD_TS).arrivedAt(42L);
        assertThat(inputSerde.deserialize("t", inputSerde.serialize("t", invalid))).isEqualTo(invalid);
        // what an older release wrote to the repartition topic: tag 1 + the reason, no arrival time
        final SessionInput old = inputSerde.deserialize("t", new byte[] {1, (byte) ParseErrorReason.BAD_TS.ordinal()});
        assertThat(old.arrivalKnown()).isFalse();
        assertThat(old.parseError()).isEqualTo(ParseErrorReason.BAD_TS);
    }

    @Test
    void sessionInputKeepsWhereItWasReadAndProgressMarksRoundTrip() {
        final SessionInput valid = SessionInput.valid(full()).arrivedAt(1_766_239_200_123L).readFrom(5, 123_456_789L);
        assertThat(inputSerde.deserialize("t", inputSerde.serialize("t", valid))).isEqualTo(valid);
        final SessionInput invalid = SessionInput.invalid(ParseErrorReason.BAD_TS).readFrom(0, 0);
        assertThat(inputSerde.deserialize("t", inputSerde.serialize("t", invalid))).isEqualTo(invalid);
        final SessionInput progress = SessionInput.progress(300, 1_766_239_200_999L);
        final SessionInput read = inputSerde.deserialize("t", inputSerde.serialize("t", progress));
        assertThat(read).isEqualTo(progress);
        assertThat(read.isProgress()).isTrue();
        assertThat(read.isValid()).isFalse();
    }

    @Test
    void sessionInputRejectsUnknownTag() {
        assertThatThrownBy(() -> inputSerde.deserialize("t", new byte[] {9}))
                .isInstanceOf(SerializationException.class);
    }

    private static String pick(final Random random, final String[] pool) {
        return pool[random.nextInt(pool.length)];
    }
}
