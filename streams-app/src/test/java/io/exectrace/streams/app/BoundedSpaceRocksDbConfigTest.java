package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.config.ExectraceConfig;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompactionStyle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** The stores' RocksDB options: full compactions at a quarter of newer data, unless the user sets their own. */
class BoundedSpaceRocksDbConfigTest {

    @Test
    void storesCompactFullyOnceNewerFilesReachAQuarterOfTheCompactedData() {
        RocksDB.loadLibrary();
        final BoundedSpaceRocksDbConfig setter = new BoundedSpaceRocksDbConfig();
        try (Options options = new Options().setCompactionStyle(CompactionStyle.UNIVERSAL)) {
            setter.setConfig("session-summary", options, Map.of());
            assertThat(options.compactionOptionsUniversal().maxSizeAmplificationPercent()).isEqualTo(25);
            assertThat(options.level0FileNumCompactionTrigger()).isEqualTo(2);
            assertThat(options.writeBufferSize()).isEqualTo(4L * 1024 * 1024);
            assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
            assertThat(options.compactionStyle()).isEqualTo(CompactionStyle.UNIVERSAL);
            setter.close("session-summary", options);
        }
    }

    @Test
    void theAppRunsWithItAndAStreamsOverrideReplacesIt() {
        final ExectraceConfig defaults = ExectraceConfig.defaults();
        assertThat(ExectraceStreamsApp.streamsProperties(defaults).get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedSpaceRocksDbConfig.class);
        final ExectraceConfig own = ExectraceConfig.load(null, Map.of("EXECTRACE_STREAMS_ROCKSDB_CONFIG_SETTER", "com.example.Own"));
        assertThat(ExectraceStreamsApp.streamsProperties(own).get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo("com.example.Own");
    }
}
