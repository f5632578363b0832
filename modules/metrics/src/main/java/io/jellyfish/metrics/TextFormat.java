package io.jellyfish.metrics;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: a {@code # HELP} and a
 * {@code # TYPE} line per metric, then one sample line per series, without timestamps.
 */
final class TextFormat {

    /** The content type of a scrape response. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Doubles are exact integers up to 2^53; beyond that they print in floating-point notation. */
    private static final double LARGEST_EXACT_INTEGER = 0x1p53;

    private TextFormat() {
    }

    static void writeHeader(StringBuilder out, String name, String help, MetricType type) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.exposedName()).append('\n');
    }

    /** A sample without labels. */
    static void writeSample(StringBuilder out, String name, String value) {
        out.append(name).append(' ').append(value).append('\n');
    }

    /** A sample with one label. */
    static void writeSample(StringBuilder out, String name, String labelName, String labelValue, String value) {
        out.append(name).append('{').append(labelName).append("=\"").append(escapeLabelValue(labelValue))
                .append("\"} ").append(value).append('\n');
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escapeLabelValue(String value) {
        return escape(value, true);
    }

    /** Help texts escape backslash and line feed (a double quote stays as it is). */
    static String escapeHelp(String help) {
        return escape(help, false);
    }

    /** Integral values print as integers ({@code 10}), others as decimals ({@code 1.5}). */
    static String formatNumber(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) <= LARGEST_EXACT_INTEGER) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String escape(String text, boolean escapeQuotes) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '"' -> escaped.append(escapeQuotes ? "\\\"" : "\"");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
