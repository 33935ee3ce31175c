package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.GoldenFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/operations.md "Runbook commands" true: every {@code ./exectrace view} command in it runs against the
 * fixtures ({@code logs/execution} → the fixtures folder, {@code SESSION_ID} → {@code ledger_v1}; a {@code | jq}
 * tail is left to the shell), and every {@code $ ./exectrace view} example prints exactly what the doc shows.
 */
class RunbookCommandsDocTest {
    private static final Path FIXTURES = GoldenFixtures.folder();
    private static final Path DOC = FIXTURES.getParent().resolve("docs").resolve("operations.md");
    private static final Pattern INLINE = Pattern.compile("`(\\./exectrace view [^`]*)`");

    @Test
    void everyRunbookCommandRunsAgainstTheFixtures() throws IOException {
        final List<String> commands = new ArrayList<>();
        for (final String line : section()) {
            final Matcher m = INLINE.matcher(line);
            while (m.find()) {
                commands.add(m.group(1));
            }
            if (line.startsWith("./exectrace view ")) {
                commands.add(line.replaceAll("\\s+#.*$", ""));
            }
        }
        // Seven runbook rows, their drill-downs, and the CI examples.
        assertThat(commands).hasSizeGreaterThanOrEqualTo(12);
        for (final String command : commands) {
            final CliRun run = CliRun.of(args(command));
            final boolean check = command.contains("--check");
            assertThat(run.exitCode()).as(command + "\n" + run.err()).isEqualTo(check ? 1 : 0);
            assertThat(run.out()).as(command).isNotBlank();
        }
    }

    @Test
    void everyShownExampleOutputIsWhatTheCommandPrints() throws IOException {
        final List<String> lines = section();
        int examples = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("$ ./exectrace view ")) {
                continue;
            }
            final String command = lines.get(i).substring(2);
            final List<String> shown = new ArrayList<>();
            for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("```") && !lines.get(j).startsWith("$ ");
                 j++) {
                if (!lines.get(j).startsWith("exectrace view: ")) { // stderr, shown for context
                    shown.add(lines.get(j));
                }
            }
            final CliRun run = CliRun.of(args(command));
            final String printed = run.out().replace(FIXTURES + "/", "fixtures/");
            assertThat(printed.lines().toList()).as(command).isEqualTo(shown);
            examples++;
        }
        assertThat(examples).isGreaterThanOrEqualTo(2);
    }

    private static String[] args(final String command) {
        final String exectrace = command.split(" \\\\?\\| ")[0].strip();
        final List<String> args = new ArrayList<>();
        for (final String word : exectrace.substring("./exectrace ".length()).split("\\s+")) {
            args.add(switch (word) {
                case "logs/execution", "fixtures" -> FIXTURES.toString();
                case "SESSION_ID" -> "ledger_v1";
                default -> word.startsWith("fixtures/") ? FIXTURES.resolve(word.substring("fixtures/".length()))
                        .toString() : word;
            });
        }
        return args.toArray(String[]::new);
    }

    private static List<String> section() throws IOException {
        final List<String> all = Files.readAllLines(DOC);
        final int start = all.indexOf("## Runbook commands");
        assertThat(start).as("## Runbook commands in " + DOC).isNotNegative();
        int end = start + 1;
        while (end < all.size() && !all.get(end).startsWith("## ")) {
            end++;
        }
        return all.subList(start, end);
    }
}
