package io.jellyfish.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFormatterTest {
    private static final Instant TIME = Instant.parse("2026-12-01T13:02:53.123456Z");
    private static final String NL = System.lineSeparator();

    private static LogRecord record(Level level, String message, Throwable thrown, Object... params) {
        LogRecord record = new LogRecord(level, message);
        record.setInstant(TIME);
        record.setLoggerName("io.jellyfish.launcher.Main");
        record.setThrown(thrown);
        record.setParameters(params.length == 0 ? null : params);
        return record;
    }

    @Test
    void plainLineHasTimeSeverityShortLoggerNameAndMessage() {
        String line = new LogFormatter(false).format(record(Level.INFO, "Starting Jellyfish v0.5.0 (dev)", null));
        assertEquals("2026-12-01T13:02:53.123Z [info] Main: Starting Jellyfish v0.5.0 (dev)" + NL, line);
    }

    @Test
    void plainLineWithAThrowableAppendsTheStackTrace() {
        String text = new LogFormatter(false).format(record(Level.SEVERE, "failed", new IOException("boom")));
        assertTrue(text.startsWith("2026-12-01T13:02:53.123Z [error] Main: failed" + NL + "java.io.IOException: boom" + NL),
                text);
        assertTrue(text.contains("\tat io.jellyfish.launcher.LogFormatterTest"), text);
    }

    @Test
    void severitiesAreThoseOfJellyfish() {
        assertEquals("error", LogFormatter.severity(Level.SEVERE));
        assertEquals("warning", LogFormatter.severity(Level.WARNING));
        assertEquals("info", LogFormatter.severity(Level.INFO));
        assertEquals("debug", LogFormatter.severity(Level.CONFIG));
        assertEquals("debug", LogFormatter.severity(Level.FINE));
        assertEquals("debug", LogFormatter.severity(Level.FINEST));
    }

    @Test
    void messageParametersAreFormatted() {
        String line = new LogFormatter(false).format(record(Level.INFO, "room {0} has {1} peers", null, "r1", 2));
        assertEquals("2026-12-01T13:02:53.123Z [info] Main: room r1 has 2 peers" + NL, line);
    }

    @Test
    void structuredLineIsOneJsonObject() {
        String line = new LogFormatter(true).format(record(Level.WARNING, "a \"quoted\"\nline\tand é \\ done", null));
        assertEquals("{\"time\":\"2026-12-01T13:02:53.123Z\",\"severity\":\"warning\","
                + "\"message\":\"a \\\"quoted\\\"\\nline\\tand \\u00e9 \\\\ done\","
                + "\"metadata\":{\"logger\":\"io.jellyfish.launcher.Main\"}}" + NL, line);
    }

    @Test
    void structuredLineCarriesTheExceptionInItsMetadataAndStaysOnOneLine() {
        String line = new LogFormatter(true).format(record(Level.FINE, "start-up failed", new IOException("boom")));
        assertTrue(line.startsWith("{\"time\":\"2026-12-01T13:02:53.123Z\",\"severity\":\"debug\","
                + "\"message\":\"start-up failed\",\"metadata\":{\"logger\":\"io.jellyfish.launcher.Main\","
                + "\"exception\":\"java.io.IOException: boom\",\"stacktrace\":\"java.io.IOException: boom"), line);
        assertTrue(line.endsWith("\"}}" + NL), line);
        assertEquals(1, line.split("\n", -1).length - 1, "exactly one line: " + line);
    }

    @Test
    void controlCharactersAreEscaped() {
        String json = LogFormatter.quote(new StringBuilder(), "\u0001\u001f\u007f\u2028").toString();
        assertEquals("\"\\u0001\\u001f\\u007f\\u2028\"", json);
    }
}
