package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.harness.chaos.InputKeying;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How {@code --key} is parsed into the benchmarks' settings (parsed only, nothing run). */
class BenchKeyParsingTest {

    @Test
    void freshnessIsKeyedBySessionUnlessToldOtherwise() {
        final BenchFreshnessCommand command = new BenchFreshnessCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.keying).isEqualTo(InputKeying.SESSION);
    }

    @Test
    void freshnessTakesEveryKeyingOfChaos() {
        for (final InputKeying keying : InputKeying.values()) {
            final BenchFreshnessCommand command = new BenchFreshnessCommand();
            new CommandLine(command).parseArgs("--key", keying.label());
            assertThat(command.keying).isEqualTo(keying);
        }
    }

    @Test
    void e2eIsKeyedBySessionUnlessToldOtherwise() {
        final BenchEndToEndCommand command = new BenchEndToEndCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.keying).isEqualTo(InputKeying.SESSION);
        new CommandLine(command).parseArgs("--key", "none");
        assertThat(command.keying).isEqualTo(InputKeying.NONE);
    }

    @Test
    void theConverterIgnoresCaseAndBlanksAndRejectsOtherValues() {
        final KeyingConverter converter = new KeyingConverter();
        assertThat(converter.convert("None")).isEqualTo(InputKeying.NONE);
        assertThat(converter.convert(" order ")).isEqualTo(InputKeying.ORDER);
        assertThat(converter.convert("CONSTANT")).isEqualTo(InputKeying.CONSTANT);
        assertThatThrownBy(() -> converter.convert("partition"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("--key must be session, none, order or constant, got 'partition'");
    }

    @Test
    void onlyInputNotKeyedBySessionGetsAPlainProducersBatchSize() {
        final java.util.Map<String, String> base = java.util.Map.of("linger.ms", "20", "batch.size", "131072");
        assertThat(InputKeying.SESSION.producerOverrides(base)).isEqualTo(base);
        for (final InputKeying keying : java.util.List.of(InputKeying.NONE, InputKeying.ORDER,
                InputKeying.CONSTANT)) {
            assertThat(keying.producerOverrides(base)).as(keying.label())
                    .containsEntry("linger.ms", "20").containsEntry("batch.size", "16384");
        }
    }
}
