package io.exectrace.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of a repository checkout: the shipped commands, {@code bench} and {@code chaos}. */
class HarnessCommandTest {

    @Test
    void helpListsTheShippedCommandsThenBenchAndChaos() {
        final HarnessRun run = HarnessRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(HarnessCommand.commandLine().getSubcommands().keySet())
                .containsExactly("demo", "run", "broker", "produce", "view", "dialects", "bench", "chaos", "help");
        assertThat(run.out()).contains("bench", "chaos", "demo", "view")
                .as("the shipped app's footer about where bench and chaos are").doesNotContain("not part of");
    }

    @Test
    void everyBenchmarkHasItsHelp() {
        for (final String benchmark : List.of("e2e", "freshness", "csv", "view")) {
            final HarnessRun run = HarnessRun.of("bench", benchmark, "--help");
            assertThat(run.exitCode()).as(benchmark).isZero();
            assertThat(run.out()).as(benchmark).contains("Usage: exectrace bench " + benchmark);
        }
    }

    @Test
    void benchAndChaosAreDocumented() throws IOException {
        final String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains("./exectrace bench e2e", "./exectrace bench freshness", "./exectrace bench csv",
                "./exectrace bench view", "./exectrace chaos");
    }
}
