package io.exectrace.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlInputsTest {

    @TempDir
    Path dir;

    @Test
    void folderContributesItsJsonlFilesSortedByName() throws IOException {
        Files.writeString(dir.resolve("b.jsonl"), "{}\n");
        Files.writeString(dir.resolve("a.jsonl.gz"), "");
        Files.writeString(dir.resolve("notes.txt"), "x");
        Files.createDirectory(dir.resolve("sub.jsonl"));
        assertThat(JsonlInputs.expand(List.of(dir)))
                .containsExactly(dir.resolve("a.jsonl.gz"), dir.resolve("b.jsonl"));
    }

    @Test
    void namedFilesAreTakenAsTheyAre() throws IOException {
        final Path file = Files.writeString(dir.resolve("log.txt"), "{}\n");
        assertThat(JsonlInputs.expand(List.of(file))).containsExactly(file);
    }

    @Test
    void missingPathIsAClearInputProblem() {
        assertThatThrownBy(() -> JsonlInputs.expand(List.of(dir.resolve("nope.jsonl"))))
                .isInstanceOf(InputProblem.class)
                .hasMessage("no such file or folder: " + dir.resolve("nope.jsonl"));
    }

    @Test
    void folderWithoutJsonlIsAClearInputProblem() {
        assertThatThrownBy(() -> JsonlInputs.expand(List.of(dir)))
                .isInstanceOf(InputProblem.class)
                .hasMessageContaining("no *.jsonl or *.jsonl.gz files in");
    }

    @Test
    void stemDropsJsonlAndGzSuffixes() {
        assertThat(JsonlInputs.stem(Path.of("logs/execution/session_1.jsonl"))).isEqualTo("session_1");
        assertThat(JsonlInputs.stem(Path.of("s2.jsonl.gz"))).isEqualTo("s2");
        assertThat(JsonlInputs.stem(Path.of("s3.log"))).isEqualTo("s3");
    }
}
