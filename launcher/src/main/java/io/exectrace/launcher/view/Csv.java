package io.exectrace.launcher.view;

/**
 * RFC 4180 cells, with the spreadsheet-injection escape of the API's CSV export: a cell that starts with
 * {@code = + - @} gets a leading single quote, so a spreadsheet shows it as text instead of running it.
 */
final class Csv {
    private Csv() {
    }

    static void appendCell(final StringBuilder sb, final String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        final char first = value.charAt(0);
        final String text = first == '=' || first == '+' || first == '-' || first == '@' ? "'" + value : value;
        if (needsQuotes(text)) {
            sb.append('"');
            for (int i = 0; i < text.length(); i++) {
                final char c = text.charAt(i);
                if (c == '"') {
                    sb.append('"');
                }
                sb.append(c);
            }
            sb.append('"');
        } else {
            sb.append(text);
        }
    }

    private static boolean needsQuotes(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
