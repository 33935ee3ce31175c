package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapSamplerTest {

    @Test
    void sumsTheUsedBytesOfTheHeapPoolsOnly() {
        final String exposition = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2000000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
                jvm_memory_used_bytes_total{area="heap",id="G1 Old Gen"} 7.0
                jvm_memory_committed_bytes{area="heap",id="G1 Old Gen"} 9.0E7
                """;
        assertThat(HeapSampler.heapBytes(exposition)).isEqualTo(10_485_760L + 2_000_000L);
    }

    @Test
    void noHeapMetricIsUnknown() {
        assertThat(HeapSampler.heapBytes("process_uptime_seconds 12.0\n")).isEqualTo(-1);
    }
}
