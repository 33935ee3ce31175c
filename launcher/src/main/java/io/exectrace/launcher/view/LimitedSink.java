package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;

/** Applies {@code --limit} (the first N rows, then stop reading) and {@code --last} (only the last N rows). */
final class LimitedSink implements RowSink {
    private final RowSink target;
    private final int limit;
    private final int last;
    private final ArrayDeque<ObjectNode> tail;
    private int taken;

    LimitedSink(final RowSink target, final int limit, final int last) {
        this.target = target;
        this.limit = limit;
        this.last = last;
        this.tail = last > 0 ? new ArrayDeque<>(Math.min(last, 4096)) : null;
    }

    @Override
    public boolean row(final ObjectNode row) {
        if (limit > 0 && taken >= limit) {
            return false;
        }
        taken++;
        if (tail != null) {
            if (tail.size() == last) {
                tail.removeFirst();
            }
            tail.addLast(row);
        } else {
            target.row(row);
        }
        return limit == 0 || taken < limit;
    }

    @Override
    public void finish() {
        if (tail != null) {
            tail.forEach(target::row);
        }
        target.finish();
    }
}
