package io.exectrace.streams.app;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompactionOptionsUniversal;
import org.rocksdb.Options;

/**
 * RocksDB options of every exectrace store: Kafka Streams' universal compaction, but with a full compaction once
 * the newer files reach a quarter of the compacted data instead of twice it (RocksDB's default), looked for from two
 * files on instead of four. exectrace's stores are rewritten and emptied all the time (summaries per commit, sessions
 * removed by retention), and their dead versions and tombstones leave the disk only when a compaction reaches the
 * oldest file: with the defaults a store sat at up to three times its live size on disk; with these, about 1.25
 * times plus one memtable flush. Memtables are 4 MB, two at most, instead of Kafka Streams' 16 MB and three: a task
 * has 13 stores, so the defaults allowed ~0.6 GB of memtables per task, and the disk followed the live data only as
 * far behind as a full memtable.
 */
public final class BoundedSpaceRocksDbConfig implements RocksDBConfigSetter {

    /** Newer files, in percent of the oldest (fully compacted) one, that start a full compaction. */
    static final int MAX_SIZE_AMPLIFICATION_PERCENT = 25;
    /** Files (sorted runs) from which a compaction is looked for; RocksDB's default is 4. */
    static final int COMPACTION_TRIGGER_FILES = 2;
    /** Size of one memtable, and how many a store keeps (one being flushed while the other fills). */
    static final long MEMTABLE_BYTES = 4L * 1024 * 1024;
    static final int MEMTABLES = 2;

    private CompactionOptionsUniversal universal;

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        universal = new CompactionOptionsUniversal();
        universal.setMaxSizeAmplificationPercent(MAX_SIZE_AMPLIFICATION_PERCENT);
        options.setCompactionOptionsUniversal(universal);
        options.setLevel0FileNumCompactionTrigger(COMPACTION_TRIGGER_FILES);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(MEMTABLES);
    }

    @Override
    public void close(final String storeName, final Options options) {
        if (universal != null) {
            universal.close();
        }
    }
}
