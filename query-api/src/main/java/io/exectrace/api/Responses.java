package io.exectrace.api;

import io.javalin.http.Context;

/** Response headers shared by the CSV answers. */
final class Responses {

    private Responses() {
    }

    /** Content type and a download file name for a CSV answer. */
    static void csvAttachment(final Context ctx, final String fileName) {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }

    /** Text safe inside a quoted file name: anything but letters, digits, dot, dash and underscore becomes '_'. */
    static String fileSafe(final String text) {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            out.append(c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') ? c : '_');
        }
        return out.toString();
    }
}
