package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void readsEveryUnitWithFractionsAndSpaces() {
        assertThat(DurationText.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(DurationText.parse("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(DurationText.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("1 h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationText.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parseMillis("100.5ms")).isEqualTo(100.5);
    }

    @Test
    void unreadableTextIsNullOrAClearError() {
        for (final String bad : new String[] {"", "h", "3w", "-5s", "1..2s", "P1X", "99999999999999999d"}) {
            assertThat(DurationText.parseOrNull(bad)).as(bad).isNull();
        }
        assertThatThrownBy(() -> DurationText.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a duration: 'soon' (use e.g. 200ms, 1.5s, 5m, 2h, 7d or PT30S)");
    }

    @Test
    void formatsTheShortestForm() {
        assertThat(DurationText.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
