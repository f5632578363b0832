package io.jellyfish.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * A reason not to start, for a human: its message is one line, printed after {@code jellyfish: }
 * on stderr before the process exits with status 1. The cause, if any, is kept for a debug log.
 */
final class StartupException extends Exception {
    StartupException(String message) {
        super(oneLine(message));
    }

    StartupException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Joins the lines of {@code text} with a space, so a message never spills onto a second line. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * A one-line account of {@code error} and its causes, outermost first, each message once:
     * {@code Failed to bind to /127.0.0.1:8080: Address already in use}. A throwable without a
     * message is named by its class.
     */
    static String describe(Throwable error) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = error; t != null && parts.size() < 8; t = t.getCause() == t ? null : t.getCause()) {
            String message;
            if ((t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) && t.getMessage() != null) {
                // "jakarta/annotation/Priority": usually a module of lib/ missing from the module graph.
                message = "class " + t.getMessage().replace('/', '.') + " not found";
            } else if (t.getMessage() == null || t.getMessage().isBlank()) {
                message = t.getClass().getSimpleName();
            } else {
                message = oneLine(t.getMessage());
            }
            // A wrapper often repeats its cause ("java.io.IOException: x"): keep the text once.
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }
}
