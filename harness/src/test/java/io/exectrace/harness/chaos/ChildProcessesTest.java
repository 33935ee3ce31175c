package io.exectrace.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A harness JVM stopped with SIGTERM (Ctrl-C, a stopped build) takes the processes it started with it. */
class ChildProcessesTest {

    /** A harness stand-in: starts a long {@code sleep} through {@link ChildProcesses}, prints its pid, waits. */
    static final class Parent {
        public static void main(final String[] args) throws IOException, InterruptedException {
            final Process child = ChildProcesses.started(new ProcessBuilder("sleep", "600").start());
            System.out.println(child.pid());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    @Test
    void aStoppedHarnessStopsItsChildren() throws Exception {
        final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        final Process parent = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Parent.class.getName())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            childPid = Long.parseLong(out.readLine().trim());
        }
        final Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        assertThat(child).as("the child is running").isPresent();
        assertThat(child.get().isAlive()).isTrue();

        parent.destroy();
        assertThat(parent.waitFor(30, TimeUnit.SECONDS)).as("the parent exits on SIGTERM").isTrue();
        child.get().onExit().get(30, TimeUnit.SECONDS);
        assertThat(child.get().isAlive()).as("the child after its parent's exit").isFalse();
    }
}
