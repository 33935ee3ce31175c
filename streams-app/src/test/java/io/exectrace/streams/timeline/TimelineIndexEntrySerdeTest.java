package io.exectrace.streams.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TimelineIndexEntrySerdeTest {

    @Test
    void timelineIndexEntryRoundTrips() {
        final TimelineIndexEntrySerde serde = new TimelineIndexEntrySerde();
        final TimelineIndexEntry entry = new TimelineIndexEntry(Long.MIN_VALUE, Long.MAX_VALUE, 42);
        assertThat(serde.deserialize("t", serde.serialize("t", entry))).isEqualTo(entry);
        assertThatThrownBy(() -> serde.deserialize("t", new byte[23])).isInstanceOf(SerializationException.class);
    }
}
