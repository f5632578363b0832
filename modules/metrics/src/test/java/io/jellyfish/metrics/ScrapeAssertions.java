package io.jellyfish.metrics;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on a scrape body, line by line. */
final class ScrapeAssertions {

    private ScrapeAssertions() {
    }

    static void assertHasLine(String scrape, String line) {
        assertTrue(scrape.lines().anyMatch(line::equals), () -> "missing line <" + line + "> in:\n" + scrape);
    }

    /** The metric has no HELP, TYPE or sample line at all. */
    static void assertAbsent(String scrape, String metric) {
        assertFalse(scrape.lines().anyMatch(line -> line.equals("# HELP " + metric) || line.startsWith("# HELP " + metric + " ")
                        || line.startsWith("# TYPE " + metric + " ") || line.startsWith(metric + " ") || line.startsWith(metric + "{")),
                () -> metric + " should not be exposed yet:\n" + scrape);
    }

    /** The exact block of a metric: its HELP and TYPE lines followed by these samples. */
    static void assertBlock(String scrape, String metric, String help, String type, String... samples) {
        List<String> lines = scrape.lines().toList();
        int helpLine = lines.indexOf("# HELP " + metric + " " + help);
        assertTrue(helpLine >= 0, () -> "missing HELP line of " + metric + " in:\n" + scrape);
        assertEquals("# TYPE " + metric + " " + type, lines.get(helpLine + 1));
        assertEquals(List.of(samples), lines.subList(helpLine + 2, helpLine + 2 + samples.length));
        int next = helpLine + 2 + samples.length;
        assertTrue(next == lines.size() || lines.get(next).startsWith("# "),
                () -> metric + " has more samples than " + List.of(samples) + ":\n" + scrape);
    }
}
