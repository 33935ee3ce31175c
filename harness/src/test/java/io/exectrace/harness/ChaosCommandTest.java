package io.exectrace.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code chaos} command line itself (the scenarios run in {@code chaos.ChaosScenariosTest}). */
class ChaosCommandTest {

    @Test
    void helpNamesEveryScenario() {
        final HarnessRun run = HarnessRun.of("chaos", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("crash, broker-restart, restore");
    }

    @Test
    void anUnknownScenarioIsBadInput() {
        final HarnessRun run = HarnessRun.of("chaos", "no-such-scenario");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown scenario 'no-such-scenario'").contains("crash");
    }
}
