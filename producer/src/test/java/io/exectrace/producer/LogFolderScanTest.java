package io.exectrace.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogFolderScan} on races between its listing and its look at a file, played step by step. */
class LogFolderScanTest {
    private static final String LINE_1 = "{\"ts\":\"2025-12-20T10:00:01.000Z\",\"run_id\":\"s1\",\"stage\":\"intent\"}\n";
    private static final String LINE_2 = "{\"ts\":\"2025-12-20T10:00:02.000Z\",\"run_id\":\"s1\",\"stage\":\"intent\"}\n";
    private static final String LINE_3 = "{\"ts\":\"2025-12-20T10:00:03.000Z\",\"run_id\":\"s1\",\"stage\":\"intent\"}\n";

    @TempDir
    Path logs;

    @Test
    void aCheckpointedFileRenamedBetweenTheFirstListingAndItsOpenResumesAtItsCheckpoint() throws IOException {
        final Path live = logs.resolve("s1.jsonl");
        Files.writeString(live, LINE_1 + LINE_2 + LINE_3, UTF_8);
        final TailCheckpoint.Entry checkpointed = entry(live, (LINE_1 + LINE_2).length());
        final LogFolderScan scan = new LogFolderScan(logs, logs.resolve("tail.checkpoint"),
                Map.of(checkpointed.identity(), checkpointed), false, new TailCounters());

        final Map<String, LogFolderScan.Seen> listing = scan.list();
        // Rotated by a rename after the listing, before the scan opens it: the name now holds a new file.
        Files.move(live, logs.resolve("s1.jsonl.1"));
        Files.writeString(live, "{\"ts\":\"2025-12-20T10:00:04.000Z\",\"run_id\":\"s1\"}\n", UTF_8);
        assertThat(scan.reconcile(listing)).as("nothing could be opened").isEmpty();

        final List<TrackedLogFile> order = scan.scan();
        final TrackedLogFile rotated = order.stream()
                .filter(f -> f.identity.equals(checkpointed.identity())).findFirst().orElseThrow();
        assertThat(rotated.offset).as("the checkpoint's place, not the start").isEqualTo(checkpointed.offset());
        final TrackedLogFile fresh = order.stream()
                .filter(f -> !f.identity.equals(checkpointed.identity())).findFirst().orElseThrow();
        assertThat(fresh.offset).isZero();
    }

    @Test
    void aCheckpointEntryIsForgottenOnceItsFileIsNoLongerListed() throws IOException {
        final Path live = logs.resolve("s1.jsonl");
        Files.writeString(live, LINE_1 + LINE_2, UTF_8);
        final TailCheckpoint.Entry checkpointed = entry(live, LINE_1.length());
        final LogFolderScan scan = new LogFolderScan(logs, logs.resolve("tail.checkpoint"),
                Map.of(checkpointed.identity(), checkpointed), false, new TailCounters());

        final Map<String, LogFolderScan.Seen> listing = scan.list();
        Files.move(live, logs.resolve("s1.jsonl.1"));
        assertThat(scan.reconcile(listing)).isEmpty();
        // Moved out of the folder before the next scan: its file key may be reused and must not match then.
        Files.move(logs.resolve("s1.jsonl.1"), logs.getParent().resolve(logs.getFileName() + "-away.jsonl"));
        assertThat(scan.scan()).isEmpty();
        Files.writeString(live, LINE_1 + LINE_2 + LINE_3, UTF_8);
        final List<TrackedLogFile> order = scan.scan();
        assertThat(order).hasSize(1);
        assertThat(order.get(0).offset).as("a new file with the same first line starts at its start").isZero();
    }

    @Test
    void aCopyIsTakenOnlyOnceItsOriginalWasTruncated() throws IOException {
        final Path live = logs.resolve("s1.jsonl");
        Files.writeString(live, LINE_1 + LINE_2 + LINE_3, UTF_8);
        final LogFolderScan scan = new LogFolderScan(logs, logs.resolve("tail.checkpoint"), Map.of(), false,
                new TailCounters());
        final TrackedLogFile original = scan.scan().get(0);
        original.offset = original.size;

        final Path copy = logs.resolve("s1.jsonl.1");
        Files.writeString(copy, LINE_1, UTF_8);
        assertThat(scan.scan()).as("a copy of a file not truncated yet may be still being written").isEmpty();
        Files.writeString(copy, LINE_2 + LINE_3, UTF_8, StandardOpenOption.APPEND);
        try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        final List<TrackedLogFile> order = scan.scan();
        assertThat(scan.tracked()).hasSize(2);
        assertThat(scan.tracked()).filteredOn(f -> f.path.equals(copy)).singleElement()
                .satisfies(f -> assertThat(f.offset).as("where the original was acknowledged")
                        .isEqualTo((LINE_1 + LINE_2 + LINE_3).length()));
        assertThat(order).as("nothing to read: the copy's lines were sent from the original").isEmpty();
    }

    private static TailCheckpoint.Entry entry(final Path file, final long offset) throws IOException {
        final String identity = FileIdentity.of(file, Files.readAttributes(file, BasicFileAttributes.class));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long[] head = FileIdentity.head(channel, channel.size());
            return new TailCheckpoint.Entry(identity, file.getFileName().toString(), offset, (int) head[0], head[1]);
        }
    }
}
