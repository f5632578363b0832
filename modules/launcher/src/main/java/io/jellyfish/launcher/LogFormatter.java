package io.jellyfish.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The two log line formats of Jellyfish (configuration spec section 6).
 *
 * <p>Plain: {@code 2026-12-01T13:02:53.123Z [info] Main: message}, where {@code Main} is the
 * last segment of the logger name; a logged throwable follows on the next lines.
 *
 * <p>Structured ({@code JF_STRUCTURED_LOGGING=true}): one JSON object per line,
 * {@code {"time":"…","severity":"info","message":"…","metadata":{"logger":"io.jellyfish…"}}};
 * a logged throwable adds {@code exception} (its one-line text) and {@code stacktrace} to the
 * metadata. Every character outside ASCII is escaped, so a line is valid JSON whatever the
 * encoding of stdout.
 */
final class LogFormatter extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final boolean structured;

    LogFormatter(boolean structured) {
        this.structured = structured;
    }

    boolean structured() {
        return structured;
    }

    @Override
    public String format(LogRecord record) {
        String time = TIME.format(record.getInstant());
        String severity = severity(record.getLevel());
        String message = formatMessage(record);
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        Throwable thrown = record.getThrown();
        return structured
                ? json(time, severity, message, logger, thrown)
                : plain(time, severity, message, logger, thrown);
    }

    /** The four severities of the Jellyfish logs; everything below INFO is debug. */
    static String severity(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "error";
        } else if (value >= Level.WARNING.intValue()) {
            return "warning";
        } else if (value >= Level.INFO.intValue()) {
            return "info";
        }
        return "debug";
    }

    private static String plain(String time, String severity, String message, String logger, Throwable thrown) {
        StringBuilder line = new StringBuilder(64 + message.length())
                .append(time).append(" [").append(severity).append("] ")
                .append(shortName(logger)).append(": ").append(message)
                .append(System.lineSeparator());
        if (thrown != null) {
            line.append(stackTrace(thrown));
        }
        return line.toString();
    }

    private static String json(String time, String severity, String message, String logger, Throwable thrown) {
        StringBuilder line = new StringBuilder(128 + message.length()).append('{');
        field(line, "time", time).append(',');
        field(line, "severity", severity).append(',');
        field(line, "message", message).append(',');
        line.append("\"metadata\":{");
        field(line, "logger", logger);
        if (thrown != null) {
            line.append(',');
            field(line, "exception", String.valueOf(thrown)).append(',');
            field(line, "stacktrace", stackTrace(thrown));
        }
        return line.append("}}").append(System.lineSeparator()).toString();
    }

    static String shortName(String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        try (PrintWriter writer = new PrintWriter(text)) {
            thrown.printStackTrace(writer);
        }
        return text.toString();
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":");
        return quote(out, value);
    }

    /** {@code value} as a JSON string, ASCII only. */
    static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
