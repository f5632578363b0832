package io.jellyfish.strategy.nodeslist;

/**
 * Makes a raw value safe to embed in a one-line message: an environment value may contain a
 * newline or other control characters, which would otherwise split a log line.
 */
final class OneLine {
    private OneLine() {}

    static String of(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
