package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link IdSet} answers as a {@link HashSet} does under random adds, removes and lookups, growing and shrinking. */
class IdSetTest {
    @Test
    void behavesLikeAHashSet() {
        final Random random = new Random(17);
        final IdSet ids = new IdSet();
        final Set<String> reference = new HashSet<>();
        for (int round = 0; round < 300_000; round++) {
            // A small key space makes hits, misses and probe chains with deletions all common; the phases grow
            // the set past thousands of entries and drain it again so the table also shrinks.
            final int space = (round / 50_000) % 2 == 0 ? 5_000 : 200;
            final String id = "o-" + random.nextInt(space);
            switch (random.nextInt(3)) {
                case 0 -> assertThat(ids.add(id)).as("add %s", id).isEqualTo(reference.add(id));
                case 1 -> {
                    ids.remove(id);
                    reference.remove(id);
                }
                default -> assertThat(ids.contains(id)).as("contains %s", id).isEqualTo(reference.contains(id));
            }
            assertThat(ids.size()).isEqualTo(reference.size());
        }
        for (final String id : reference) {
            assertThat(ids.contains(id)).isTrue();
        }
    }
}
