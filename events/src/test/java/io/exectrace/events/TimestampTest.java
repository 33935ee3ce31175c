package io.exectrace.events;

import static io.exectrace.events.Records.invalid;
import static io.exectrace.events.Records.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampTest {

    private static String line(final String tsJson) {
        return "{\"ts\": " + tsJson + ", \"session_id\": \"s\", \"kind\": \"intent\", \"payload\": {}}";
    }

    private static long micros(final String instant) {
        final Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2025-12-20T10:00:00.150Z            | 2025-12-20T10:00:00.150Z
            2025-12-20T10:00:00.150+00:00       | 2025-12-20T10:00:00.150Z
            2025-12-20T09:30:45.123456+00:00    | 2025-12-20T09:30:45.123456Z
            2025-12-20T10:00:00-05:00           | 2025-12-20T15:00:00Z
            2025-12-20T10:00:00+0530            | 2025-12-20T04:30:00Z
            2025-12-20T10:00:00.5+05:30         | 2025-12-20T04:30:00.500Z
            2025-12-20T10:00:00-00:00           | 2025-12-20T10:00:00Z
            2025-12-20T10:00:00Z                | 2025-12-20T10:00:00Z
            2025-12-20T10:00:00.123456789Z      | 2025-12-20T10:00:00.123456Z
            2025-12-20T10:00:00.1234567Z        | 2025-12-20T10:00:00.123456Z
            2025-12-20 10:00:00.250Z            | 2025-12-20T10:00:00.250Z
            2025-12-20t10:00:00z                | 2025-12-20T10:00:00Z
            2024-02-29T23:59:59.999999Z         | 2024-02-29T23:59:59.999999Z
            2000-02-29T12:00:00+14:00           | 2000-02-28T22:00:00Z
            1990-01-01T00:00:00Z                | 1990-01-01T00:00:00Z
            2200-12-31T23:59:59.999999Z         | 2200-12-31T23:59:59.999999Z
            2025-01-01T00:30:00+01:00           | 2024-12-31T23:30:00Z
            2025-12-31T23:00:00-18:00           | 2026-01-01T17:00:00Z
            """)
    void zonedForms(final String ts, final String expectedInstant) {
        final ExecutionEvent e = valid(line("\"" + ts + "\""));
        assertThat(e.tsMicros()).isEqualTo(micros(expectedInstant));
        assertThat(e.has(QualityFlags.ZONELESS_TS)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2025-12-20T10:00:00.150       | 2025-12-20T10:00:00.150Z
            2025-12-20T10:00:00           | 2025-12-20T10:00:00Z
            2025-12-20 10:00:00.123456    | 2025-12-20T10:00:00.123456Z
            """)
    void zonelessFormsAreUtcAndFlagged(final String ts, final String expectedInstant) {
        final ExecutionEvent e = valid(line("\"" + ts + "\""));
        assertThat(e.tsMicros()).isEqualTo(micros(expectedInstant));
        assertThat(e.has(QualityFlags.ZONELESS_TS)).isTrue();
        assertThat(e.qualityFlags()).isEqualTo(QualityFlags.ZONELESS_TS);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-12-00T00:00:00Z", "2025-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2025-04-31T00:00:00Z",
        "2025-12-20T25:00:00Z", "2025-12-20T24:00:00Z", "2025-12-20T10:60:00Z", "2025-12-20T10:00:60Z",
        "1989-12-31T23:59:59Z", "2201-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "2025-12-20", "2025-12-20T10:00Z", "2025-12-20T10:00:00.Z", "2025-12-20T10:00:00.1234567890Z",
        "2025-12-20T10:00:00+05", "2025-12-20T10:00:00+05:3", "2025-12-20T10:00:00+19:00",
        "2025-12-20T10:00:00+18:01", "2025-12-20T10:00:00+05:60", "2025-12-20T10:00:00ZZ",
        "2025-12-20T10:00:00+05:30:00", "2025-12-20T10:00:00 Z", " 2025-12-20T10:00:00Z", "2025-12-20T10:00:00Z ",
        "2025/12/20T10:00:00Z", "+2025-12-20T10:00:00Z", "2025-1-20T10:00:00Z", "2025-12-20X10:00:00Z",
        "2025-12-20T10:00:00.15a", "\\uff12\\uff10\\uff12\\uff15-12-20T10:00:00Z", "1766224800", "", "now",
        "2025-12-20T1O:00:00Z", "2025-12-20T10:00:00,5Z", "2025-12-20T10:00:00+05_30"})
    void unreadableTimestampsAreBadTs(final String ts) {
        final ParseResult.Invalid result = invalid(line("\"" + ts + "\""));
        assertThat(result.reason()).isEqualTo(ParseErrorReason.BAD_TS);
        assertThat(result.detail()).startsWith("unreadable ts");
        assertThat(result.sessionHint()).isEqualTo("s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1766224800", "1766224800.5", "true", "{\"iso\": \"2025-12-20T10:00:00Z\"}",
        "[\"2025-12-20T10:00:00Z\"]"})
    void timestampsThatAreNotStringsAreBadTs(final String tsJson) {
        final ParseResult.Invalid result = invalid(line(tsJson));
        assertThat(result.reason()).isEqualTo(ParseErrorReason.BAD_TS);
        assertThat(result.detail()).startsWith("ts is not a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null"})
    void nullTimestampIsMissing(final String tsJson) {
        assertThat(invalid(line(tsJson)).reason()).isEqualTo(ParseErrorReason.MISSING_TS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-12-20T10:00:00.150Z", "2025-12-20T10:00:00.150", "2025-12-20T10:00:00+0530"})
    void packedTimestampRoundTripsThroughTheAccessors(final String ts) {
        final long packed = IsoTimestamp.parse(ts);
        assertThat(IsoTimestamp.isValid(packed)).isTrue();
        assertThat(IsoTimestamp.micros(packed)).isPositive();
        assertThat(IsoTimestamp.zoneless(packed)).isEqualTo(!ts.endsWith("Z") && !ts.contains("+"));
    }
}
