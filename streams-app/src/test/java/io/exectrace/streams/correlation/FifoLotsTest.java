package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.exectrace.events.Side;
import org.junit.jupiter.api.Test;

/** FIFO lot matching on hand-computed cases (the rule: fixtures/README.md, "FIFO PnL"). */
class FifoLotsTest {
    private static final double EXACT = 1e-9;

    @Test
    void aSellClosesTheOldestLongLotsFirst() {
        final FifoLots f = new FifoLots();
        f.add(Side.BUY, 1, 100);
        f.add(Side.BUY, 2, 110);
        f.add(Side.SELL, 2, 120);
        // (120 - 100) x 1 + (120 - 110) x 1 = 30; left: 1 @ 110
        assertThat(f.realized.value()).isCloseTo(30, within(EXACT));
        assertThat(f.position()).isCloseTo(1, within(EXACT));
        assertThat(f.averageCost()).isCloseTo(110, within(EXACT));
    }

    @Test
    void aSellBeforeAnyBuyOpensAShortThatABuyCloses() {
        final FifoLots f = new FifoLots();
        f.add(Side.SELL, 1, 50);
        assertThat(f.position()).isCloseTo(-1, within(EXACT));
        assertThat(f.averageCost()).isCloseTo(50, within(EXACT));
        f.add(Side.BUY, 0.5, 40);
        // (50 - 40) x 0.5 = 5; left: short 0.5 @ 50
        assertThat(f.realized.value()).isCloseTo(5, within(EXACT));
        assertThat(f.position()).isCloseTo(-0.5, within(EXACT));
        assertThat(f.averageCost()).isCloseTo(50, within(EXACT));
    }

    @Test
    void aFillLargerThanThePositionFlipsItThroughZero() {
        final FifoLots f = new FifoLots();
        f.add(Side.BUY, 1, 10);
        f.add(Side.SELL, 3, 12);
        // (12 - 10) x 1 = 2; the other 2 open a short at 12
        assertThat(f.realized.value()).isCloseTo(2, within(EXACT));
        assertThat(f.position()).isCloseTo(-2, within(EXACT));
        assertThat(f.averageCost()).isCloseTo(12, within(EXACT));
        f.add(Side.BUY, 2.5, 11);
        // (12 - 11) x 2 = 2 more, 4 in all; the other 0.5 opens a long at 11
        assertThat(f.realized.value()).isCloseTo(4, within(EXACT));
        assertThat(f.position()).isCloseTo(0.5, within(EXACT));
        assertThat(f.averageCost()).isCloseTo(11, within(EXACT));
        f.add(Side.SELL, 0.5, 11);
        assertThat(f.position()).isZero();
        assertThat(f.averageCost()).isNaN();
        assertThat(f.lots()).isZero();
    }

    @Test
    void partialFillsAreLotsOfTheirOwn() {
        final FifoLots f = new FifoLots();
        f.add(Side.BUY, 0.25, 100);
        f.add(Side.BUY, 0.125, 101);
        f.add(Side.BUY, 0.125, 102);
        assertThat(f.lots()).isEqualTo(3);
        f.add(Side.SELL, 0.3, 105);
        // 0.25 x (105 - 100) = 1.25; 0.05 x (105 - 101) = 0.2; realized 1.45
        assertThat(f.realized.value()).isCloseTo(1.45, within(EXACT));
        // left: 0.075 @ 101 and 0.125 @ 102: (7.575 + 12.75) / 0.2 = 101.625
        assertThat(f.position()).isCloseTo(0.2, within(EXACT));
        assertThat(f.averageCost()).isCloseTo(101.625, within(EXACT));
        assertThat(f.lots()).isEqualTo(2);
    }

    @Test
    void consecutiveLotsAtOnePriceMergeWithoutChangingWhatIsRealized() {
        final FifoLots f = new FifoLots();
        f.add(Side.BUY, 1, 100);
        f.add(Side.BUY, 1, 100);
        assertThat(f.lots()).isEqualTo(1);
        f.add(Side.BUY, 1, 101);
        f.add(Side.BUY, 1, 100);
        // not next to the first: a lot of its own
        assertThat(f.lots()).isEqualTo(3);
        f.add(Side.SELL, 2.5, 102);
        // 2 x (102 - 100) + 0.5 x (102 - 101) = 4.5; left 0.5 @ 101 and 1 @ 100: 150.5 / 1.5
        assertThat(f.realized.value()).isCloseTo(4.5, within(EXACT));
        assertThat(f.position()).isCloseTo(1.5, within(EXACT));
        assertThat(f.averageCost()).isCloseTo(150.5 / 1.5, within(EXACT));
    }

    @Test
    void fillsWithoutSidePriceOrQuantityAreOnlyCounted() {
        final FifoLots f = new FifoLots();
        f.add(Side.BUY, 1, 100);
        f.add(Side.UNKNOWN, 1, 90);
        f.add(Side.SELL, 1, Double.NaN);
        f.add(Side.SELL, 0, 90);
        f.add(Side.SELL, Double.NaN, 90);
        assertThat(f.skipped).isEqualTo(4);
        assertThat(f.realized.value()).isZero();
        assertThat(f.position()).isCloseTo(1, within(EXACT));
        assertThat(f.averageCost()).isCloseTo(100, within(EXACT));
    }

    @Test
    void quantitiesEqualWithinTheFillToleranceCloseALotWithoutADustLot() {
        final FifoLots f = new FifoLots();
        f.add(Side.BUY, 0.3, 10);
        f.add(Side.SELL, 0.1, 11);
        f.add(Side.SELL, 0.2, 11);
        // 0.3 - 0.1 is 0.19999999999999998: the 0.2 sell closes it and opens no short of 3e-17
        assertThat(f.lots()).isZero();
        assertThat(f.position()).isZero();
        assertThat(f.realized.value()).isCloseTo(0.3, within(EXACT));
    }

    @Test
    void beyondTheLotLimitANewLotMergesIntoTheNewest() {
        final FifoLots f = new FifoLots();
        for (int i = 0; i <= FifoLots.MAX_LOTS; i++) {
            f.add(Side.BUY, 1, 1000 + i);
        }
        assertThat(f.lots()).isEqualTo(FifoLots.MAX_LOTS);
        assertThat(f.position()).isCloseTo(FifoLots.MAX_LOTS + 1, within(EXACT));
        // the average over all lots is unchanged by the merge: 1000 + 1024 / 2
        assertThat(f.averageCost()).isCloseTo(1000 + FifoLots.MAX_LOTS / 2.0, within(1e-6));
    }

    @Test
    void theBinaryFormGoesOnExactlyWhereItStopped() {
        final FifoLots f = new FifoLots();
        f.add(Side.SELL, 1, 50);
        f.add(Side.SELL, 2, 51);
        f.add(Side.BUY, 1.5, 49);
        f.add(Side.BUY, Double.NaN, 49);
        final CompactWriter w = new CompactWriter(64);
        f.writeTo(w);
        final FifoLots g = new FifoLots();
        g.readFrom(new CompactReader(w.toByteArray()));
        assertThat(g.skipped).isEqualTo(1);
        assertThat(g.realized.value()).isEqualTo(f.realized.value());
        assertThat(g.position()).isEqualTo(f.position());
        assertThat(g.averageCost()).isEqualTo(f.averageCost());
        f.add(Side.BUY, 2, 52);
        g.add(Side.BUY, 2, 52);
        // (50 - 49) x 1 + (51 - 49) x 0.5 = 2, then (51 - 52) x 1.5 = -1.5: 0.5; long 0.5 @ 52
        assertThat(g.realized.value()).isCloseTo(0.5, within(EXACT)).isEqualTo(f.realized.value());
        assertThat(g.position()).isCloseTo(0.5, within(EXACT));
        assertThat(g.averageCost()).isCloseTo(52, within(EXACT));
    }
}
