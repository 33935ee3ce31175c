package io.exectrace.launcher;

import picocli.CommandLine;

/** Reports the version the jar was built as. */
final class ExectraceVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        final String version = ExectraceVersion.class.getPackage().getImplementationVersion();
        return new String[] {"exectrace " + (version == null ? "(development build)" : version)};
    }
}
