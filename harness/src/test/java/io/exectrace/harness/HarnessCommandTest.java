package io.exectrace.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

    /**
     * picocli formats each description paragraph with {@code String.format}; a bare {@code %} (as in "5 % high")
     * makes it print a warning on standard error and show the paragraph unformatted.
     */
    @Test
    void everyDescriptionIsAValidFormat() {
        final List<String> broken = new ArrayList<>();
        collect(HarnessCommand.commandLine(), broken);
        assertThat(broken).isEmpty();
    }

    private static void collect(final CommandLine command, final List<String> broken) {
        final List<String> texts = new ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
        command.getCommandSpec().options().forEach(option -> texts.addAll(List.of(option.description())));
        for (final String text : texts) {
            try {
                String.format(text);
            } catch (final IllegalFormatException e) {
                broken.add(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            }
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, broken));
    }

    @Test
    void benchAndChaosAreDocumented() throws IOException {
        final String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains("./exectrace bench e2e", "./exectrace bench freshness", "./exectrace bench csv",
                "./exectrace bench view", "./exectrace chaos");
    }
}
