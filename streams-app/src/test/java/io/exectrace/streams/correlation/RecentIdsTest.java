package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The closed-id memory answers as a set of (kind, id) strings with the same bounds would, through growth, eviction
 * by count and by time, and the persisted key form used on restore.
 */
class RecentIdsTest {
    private static final char[] KINDS = {RecentIds.INTENT, RecentIds.ORDER, RecentIds.BROKER};

    private record Entry(String key, long ts, long seq) {
    }

    @Test
    void behavesLikeASetOfKindAndIdWithTheSameBounds() {
        final Random random = new Random(23);
        final RecentIds ids = new RecentIds();
        final Set<String> reference = new HashSet<>();
        final Deque<Entry> order = new ArrayDeque<>();
        final List<Long> removed = new ArrayList<>();
        final List<Long> expectedRemoved = new ArrayList<>();
        long ts = 0;
        long seq = 0;
        for (int round = 0; round < 200_000; round++) {
            final char kind = KINDS[random.nextInt(KINDS.length)];
            // A small id space makes repeats common; the same id under another kind is another entry.
            final String id = "o-" + random.nextInt((round / 40_000) % 2 == 0 ? 30_000 : 300);
            final String key = RecentIds.key(kind, id);
            ts += random.nextInt(3);
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    final boolean added = random.nextBoolean() ? ids.add(kind, id, ts, seq) : ids.add(key, ts, seq);
                    assertThat(added).as("add %s", key).isEqualTo(reference.add(key));
                    if (added) {
                        order.addLast(new Entry(key, ts, seq++));
                    }
                }
                case 2 -> {
                    final int max = 5_000 + random.nextInt(10_000);
                    final long minTs = ts - 20_000;
                    while (!order.isEmpty() && (order.size() > max || order.peekFirst().ts() < minTs)) {
                        final Entry e = order.removeFirst();
                        reference.remove(e.key());
                        expectedRemoved.add(e.seq());
                    }
                    ids.evict(minTs, max, (fp, number) -> removed.add(number));
                }
                default -> assertThat(ids.contains(kind, id)).as("contains %s", key)
                        .isEqualTo(reference.contains(key));
            }
            assertThat(ids.size()).isEqualTo(reference.size());
        }
        assertThat(removed).isEqualTo(expectedRemoved);
        assertThat(ids.contains(RecentIds.ORDER, null)).isFalse();
        ids.clear((fp, number) -> removed.add(number));
        assertThat(ids.size()).isZero();
        assertThat(removed).hasSize(expectedRemoved.size() + reference.size());
    }

    @Test
    void theKeyFormAndTheKindAndIdFormAreOneEntry() {
        final RecentIds ids = new RecentIds();
        assertThat(ids.add(RecentIds.key(RecentIds.BROKER, "B-77"), 1, 0)).isTrue();
        assertThat(ids.contains(RecentIds.BROKER, "B-77")).isTrue();
        assertThat(ids.contains(RecentIds.ORDER, "B-77")).isFalse();
        assertThat(ids.contains(RecentIds.BROKER, "B-7")).isFalse();
        assertThat(ids.add(RecentIds.BROKER, "B-77", 2, 1)).isFalse();
        assertThat(RecentIds.fingerprint(RecentIds.INTENT, ""))
                .isNotEqualTo(RecentIds.fingerprint(RecentIds.ORDER, ""));
    }
}
