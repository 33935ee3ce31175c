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

    @Test
    void helpNamesTheKeyings() {
        final HarnessRun run = HarnessRun.of("chaos", "--help");
        assertThat(run.out()).contains("--key=session|none|order|constant");
    }

    @Test
    void anUnknownKeyingIsBadInput() {
        final HarnessRun run = HarnessRun.of("chaos", "crash", "--key", "partition");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--key must be session, none, order or constant, got 'partition'");
    }

    @Test
    void aScenarioThatLoadsItsInputByItselfRefusesAnotherKeying() {
        final HarnessRun run = HarnessRun.of("chaos", "restore", "--key", "none");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--key none is not supported by restore (only by crash)");
    }
}
