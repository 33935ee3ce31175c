package io.exectrace.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The exception policy exectrace configures, exercised through Kafka Streams' own error path: a processor that
 * throws on one record (a poison record) inside a real task.
 */
class ExceptionPolicyTest {

    /** Throws on the value "poison", passes everything else on. */
    static final class PoisonSensitiveProcessor implements Processor<byte[], byte[], byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;

        @Override
        public void init(final ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(final Record<byte[], byte[]> record) {
            if ("poison".equals(new String(record.value(), StandardCharsets.UTF_8))) {
                throw new IllegalStateException("cannot digest this record");
            }
            context.forward(record);
        }
    }

    private static TopologyTestDriver driver(final String policy) {
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of("EXECTRACE_PROCESSING_ERROR_POLICY", policy,
                "EXECTRACE_APPLICATION_ID", "policy-test"));
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(PoisonSensitiveProcessor::new, Named.as("digest"))
                .to("out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        final Properties props = ExectraceStreamsApp.streamsProperties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/policy-test-" + policy);
        return new TopologyTestDriver(builder.build(), props, Instant.EPOCH);
    }

    @Test
    void aRecordThatMakesAProcessorThrowGoesToTheDlqAndProcessingContinues() {
        try (TopologyTestDriver driver = driver("dlq")) {
            final TestInputTopic<byte[], byte[]> in = input(driver);
            final TestOutputTopic<byte[], byte[]> out = output(driver, "out");
            final TestOutputTopic<byte[], byte[]> dlq = output(driver, "execution-events-dlq");

            in.pipeInput(new TestRecord<>(bytes("k"), bytes("fine-1"), new RecordHeaders(), 1_000L));
            in.pipeInput(new TestRecord<>(bytes("k"), bytes("poison"), new RecordHeaders(), 2_000L));
            in.pipeInput(new TestRecord<>(bytes("k"), bytes("fine-2"), new RecordHeaders(), 3_000L));

            assertThat(out.readValuesToList()).extracting(v -> new String(v, StandardCharsets.UTF_8))
                    .containsExactly("fine-1", "fine-2");
            final TestRecord<byte[], byte[]> dead = dlq.readRecord();
            assertThat(dead.value()).isEqualTo(bytes("poison"));
            assertThat(dead.key()).isEqualTo(bytes("k"));
            assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.REASON)).isEqualTo(DlqHeaders.PROCESSING_ERROR);
            assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.DETAIL))
                    .isEqualTo("java.lang.IllegalStateException: cannot digest this record");
            assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("in");
            assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.PROCESSOR)).isEqualTo("digest");
            assertThat(dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void logPolicyContinuesWithoutDeadLettering() {
        try (TopologyTestDriver driver = driver("log")) {
            final TestInputTopic<byte[], byte[]> in = input(driver);
            final TestOutputTopic<byte[], byte[]> out = output(driver, "out");
            final TestOutputTopic<byte[], byte[]> dlq = output(driver, "execution-events-dlq");
            in.pipeInput(bytes("k"), bytes("poison"));
            in.pipeInput(bytes("k"), bytes("fine"));
            assertThat(out.readValuesToList()).hasSize(1);
            assertThat(dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void failPolicyStopsTheTask() {
        try (TopologyTestDriver driver = driver("fail")) {
            final TestInputTopic<byte[], byte[]> in = input(driver);
            assertThatThrownBy(() -> in.pipeInput(bytes("k"), bytes("poison")))
                    .hasRootCauseInstanceOf(IllegalStateException.class);
        }
    }

    private static TestInputTopic<byte[], byte[]> input(final TopologyTestDriver driver) {
        return driver.createInputTopic("in", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    }

    private static TestOutputTopic<byte[], byte[]> output(final TopologyTestDriver driver, final String topic) {
        return driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
