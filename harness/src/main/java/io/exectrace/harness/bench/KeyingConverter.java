package io.exectrace.harness.bench;

import io.exectrace.harness.chaos.InputKeying;
import picocli.CommandLine;

/** {@code --key session|none|order|constant} of the benchmarks; a bad value is a usage error (exit code 2). */
public final class KeyingConverter implements CommandLine.ITypeConverter<InputKeying> {
    @Override
    public InputKeying convert(final String value) {
        try {
            return InputKeying.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
