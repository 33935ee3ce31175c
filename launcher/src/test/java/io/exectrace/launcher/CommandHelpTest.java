package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A parent command's {@code --help} lists each subcommand with the first paragraph of its description only: that
 * paragraph must be a whole sentence, or the list shows a fragment ("... replay the").
 */
class CommandHelpTest {

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        final List<CommandLine> commands = new ArrayList<>();
        collect(ExectraceCommand.commandLine(), commands);
        assertThat(commands).hasSizeGreaterThanOrEqualTo(11);
        for (final CommandLine command : commands) {
            final String[] description = command.getCommandSpec().usageMessage().description();
            assertThat(description).as(command.getCommandSpec().qualifiedName()).isNotEmpty();
            assertThat(description[0]).as(command.getCommandSpec().qualifiedName()).endsWith(".");
        }
    }

    @Test
    void theCommandListsShowWholeSummaries() {
        assertThat(CliRun.of("--help").out().replaceAll("\\s+", " "))
                .contains("replay the golden fixtures (first run only)");
        assertThat(CliRun.of("produce", "--help").out().replaceAll("\\s+", " "))
                .contains("else by the file name's stem.", "send them to the input topic.");
    }

    private static void collect(final CommandLine command, final List<CommandLine> into) {
        for (final CommandLine sub : command.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                into.add(sub);
                collect(sub, into);
            }
        }
    }
}
