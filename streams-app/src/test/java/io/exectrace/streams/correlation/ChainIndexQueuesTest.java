package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link DeadlineQueue} and {@link ChainQueue} order chains exactly as a sorted set by (time, sequence number)
 * would, under random adds, moves and removals (mostly in time order, some out of order), and stay bounded.
 */
class ChainIndexQueuesTest {
    private static final Comparator<OpenChain> BY_DEADLINE =
            Comparator.<OpenChain>comparingLong(c -> c.deadline).thenComparingLong(c -> c.seq);

    @Test
    void deadlineQueuePollsInTheOrderOfASortedSet() {
        final Random random = new Random(11);
        final DeadlineQueue queue = new DeadlineQueue();
        final TreeSet<OpenChain> expected = new TreeSet<>(BY_DEADLINE);
        final List<OpenChain> chains = new ArrayList<>();
        long clock = 0;
        for (int step = 0; step < 200_000; step++) {
            clock += random.nextInt(5);
            final int op = random.nextInt(10);
            if (op < 4 || chains.isEmpty()) {
                final OpenChain c = new OpenChain(step);
                c.deadline = clock + (random.nextInt(8) == 0 ? -random.nextInt(50) : random.nextInt(400));
                chains.add(c);
                queue.add(c);
                expected.add(c);
            } else if (op < 7) {
                final OpenChain c = chains.get(random.nextInt(chains.size()));
                queue.remove(c);
                expected.remove(c);
                c.deadline = clock + random.nextInt(100);
                queue.add(c);
                expected.add(c);
            } else if (op < 8) {
                final OpenChain c = chains.remove(random.nextInt(chains.size()));
                queue.remove(c);
                expected.remove(c);
            } else {
                while (!expected.isEmpty() && expected.first().deadline < clock) {
                    final OpenChain first = queue.first();
                    assertThat(first).isSameAs(expected.first());
                    queue.remove(first);
                    expected.remove(first);
                    chains.remove(first);
                }
            }
            assertThat(queue.size()).isEqualTo(expected.size());
            assertThat(queue.entries()).isLessThanOrEqualTo(2 * queue.size() + DeadlineQueue.SLACK + 1);
            assertThat(queue.isEmpty()).isEqualTo(expected.isEmpty());
            assertThat(queue.first()).isSameAs(expected.isEmpty() ? null : expected.first());
        }
        while (!expected.isEmpty()) {
            assertThat(queue.pollFirst()).isSameAs(expected.pollFirst());
        }
        assertThat(queue.pollFirst()).isNull();
    }

    @Test
    void chainQueueIteratesInTheOrderOfASortedSet() {
        final Random random = new Random(12);
        final ChainQueue queue = new ChainQueue();
        final TreeSet<OpenChain> expected = new TreeSet<>(BY_DEADLINE);
        final List<OpenChain> chains = new ArrayList<>();
        long clock = 0;
        for (int step = 0; step < 100_000; step++) {
            clock += random.nextInt(3);
            if (random.nextInt(2) == 0 || chains.isEmpty()) {
                final OpenChain c = new OpenChain(step);
                c.deadline = random.nextInt(10) == 0 ? clock - random.nextInt(30) : clock;
                chains.add(c);
                queue.add(c, c.deadline);
                expected.add(c);
            } else {
                final int i = random.nextInt(4) == 0 ? random.nextInt(chains.size()) : 0;
                final OpenChain c = chains.remove(i);
                assertThat(queue.remove(c, c.deadline)).isTrue();
                assertThat(queue.remove(c, c.deadline)).isFalse();
                expected.remove(c);
            }
            if (step % 97 == 0) {
                final List<OpenChain> actual = new ArrayList<>();
                for (int i = 0; i < queue.size(); i++) {
                    actual.add(queue.get(i));
                }
                assertThat(actual).containsExactlyElementsOf(expected);
            }
        }
        assertThat(queue.size()).isEqualTo(expected.size());
    }
}
