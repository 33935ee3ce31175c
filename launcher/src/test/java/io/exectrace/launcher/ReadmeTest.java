package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.config.ExectraceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README true to the code: its configuration table and its commands. */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void configurationTableIsTheOneTheCodeReads() throws IOException {
        assertThat(Files.readString(README)).contains(ExectraceConfig.markdownTable().strip());
    }

    @Test
    void everySubcommandIsDocumented() throws IOException {
        final String readme = Files.readString(README);
        ExectraceCommand.commandLine().getSubcommands().keySet().stream()
                .filter(name -> !name.equals("help"))
                .forEach(name -> assertThat(readme).as(name).contains("./exectrace " + name));
    }

    @Test
    void theTestCommandIsTheOneCiRuns() throws IOException {
        assertThat(Files.readString(README)).contains("./mvnw -B verify");
        assertThat(Files.readString(Path.of("..", ".ci", "run"))).contains("./mvnw -B verify");
    }
}
