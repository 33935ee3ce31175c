package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code exectrace} script builds when a source changed since its last build, once: Maven leaves a jar whose
 * content did not change untouched, so the script must not judge by the jar's age alone. The script runs on a copy
 * of the tree's layout with a {@code mvnw} that only counts its calls and a {@code java} that does nothing.
 */
class LauncherRebuildTest {

    @Test
    void aChangedSourceIsBuiltOnceNotOnEveryRun(@TempDir final Path root) throws Exception {
        Files.copy(Path.of("..", "exectrace"), root.resolve("exectrace"));
        final Path jar = Files.createDirectories(root.resolve("launcher/target")).resolve("exectrace.jar");
        Files.writeString(jar, "");
        final Path source = Files.createDirectories(root.resolve("harness/src/main/java")).resolve("Changed.java");
        Files.writeString(source, "class Changed {}");
        final Instant now = Instant.now();
        Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(60)));
        Files.setLastModifiedTime(source, FileTime.from(now.minusSeconds(10)));
        // A build that leaves the jar as it was, as Maven does when the jar's own module did not change.
        executable(root.resolve("mvnw"), "#!/bin/sh\necho build >> \"$(dirname \"$0\")/builds.log\"\n");
        executable(Files.createDirectories(root.resolve("jdk/bin")).resolve("java"), "#!/bin/sh\nexit 0\n");

        run(root);
        run(root);
        assertThat(builds(root)).as("builds after two runs").isEqualTo(1);

        // A later change: the last build was 30 s ago, the source changed 10 s ago.
        Files.setLastModifiedTime(root.resolve("launcher/target/.exectrace-built"),
                FileTime.from(Instant.now().minusSeconds(30)));
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(10)));
        run(root);
        run(root);
        assertThat(builds(root)).as("builds after a later change and two more runs").isEqualTo(2);
    }

    private static void run(final Path root) throws IOException, InterruptedException {
        final ProcessBuilder builder = new ProcessBuilder(List.of("bash", root.resolve("exectrace").toString(),
                "--version")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("EXECTRACE_SKIP_BUILD");
        builder.environment().put("JAVA_HOME", root.resolve("jdk").toString());
        final Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    private static long builds(final Path root) throws IOException {
        final Path log = root.resolve("builds.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8).size() : 0;
    }

    private static void executable(final Path file, final String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
