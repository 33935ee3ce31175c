package io.exectrace.launcher.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Colours mark trouble red and success green on a terminal, and are nothing at all otherwise. */
class AnsiTest {

    @Test
    void onATerminalStagesAndOutcomesAreColoured() {
        final Ansi on = new Ansi(true);
        assertThat(on.label("fill")).isEqualTo("\u001b[32mfill\u001b[0m");
        assertThat(on.label("missing_fill")).isEqualTo("\u001b[31mmissing_fill\u001b[0m");
        assertThat(on.label("risk_block")).startsWith("\u001b[31m");
        assertThat(on.label("gate_pass")).isEqualTo("gate_pass");
    }

    @Test
    void offMeansPlainText() {
        assertThat(Ansi.OFF.label("fill")).isEqualTo("fill");
        assertThat(Ansi.OFF.red("x")).isEqualTo("x");
        // Tests do not run on a terminal: detection must say no colours.
        assertThat(Ansi.detect(false).on()).isFalse();
        assertThat(Ansi.detect(true).on()).isFalse();
    }
}
