package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.GoldenFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code exectrace view} built alone (the start-up shortcut of {@code main}) behaves exactly as under the full tree. */
class ViewFastPathTest {

    static Stream<List<String>> commandLines() {
        final String ok = GoldenFixtures.all().get(0).file().toString();
        final List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("--help"));
        lines.add(List.of("--version"));
        lines.add(List.of("--path", ok, "--summary"));
        lines.add(List.of("--path", ok, "--chains", "--json"));
        lines.add(List.of("--path", ok, "--type", "fill", "--limit", "2", "--csv"));
        lines.add(List.of("--path", ok, "--check"));
        lines.add(List.of("--path", ok, "--from", "yesterday-ish"));
        lines.add(List.of("--path", "no/such/dir"));
        lines.add(List.of("--no-such-option"));
        return lines.stream();
    }

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(final CommandLine commandLine, final List<String> args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args.toArray(String[]::new));
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void sameExitCodeAndOutputAsUnderTheFullTree(final List<String> args) {
        final List<String> withView = new ArrayList<>(List.of("view"));
        withView.addAll(args);
        final Outcome full = run(ExectraceCommand.commandLine(), withView);
        final Outcome alone = run(ExectraceCommand.viewCommandLine(), args);
        assertThat(alone).isEqualTo(full);
        assertThat(full.out() + full.err()).isNotBlank();
    }

    @Test
    void mainTakesTheShortcutOnlyWhenViewIsTheSubcommand() {
        assertThat(ExectraceCommand.isViewOnly(new String[] {"view", "--summary"})).isTrue();
        assertThat(ExectraceCommand.isViewOnly(new String[] {"view"})).isTrue();
        assertThat(ExectraceCommand.isViewOnly(new String[] {})).isFalse();
        assertThat(ExectraceCommand.isViewOnly(new String[] {"--help", "view"})).isFalse();
        assertThat(ExectraceCommand.isViewOnly(new String[] {"help", "view"})).isFalse();
        assertThat(ExectraceCommand.isViewOnly(new String[] {"demo", "view"})).isFalse();
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        final Outcome top = run(ExectraceCommand.commandLine(), List.of("--version"));
        assertThat(top.out()).contains("exectrace");
        for (final String name : ExectraceCommand.commandLine().getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            assertThat(run(ExectraceCommand.commandLine(), List.of(name, "--version"))).as(name).isEqualTo(top);
        }
    }
}
