package io.jellyfish.api.config;

/**
 * A start-up configuration error. Its message is one line for a human: it names the variable
 * and says what was expected. The launcher prints it and exits with status 1.
 */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message, null, false, false);
    }

    /**
     * Makes a raw value safe to embed in a one-line message: an environment value may contain a
     * newline or other control characters, which would otherwise split a log line or an error.
     */
    public static String printable(String value) {
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
