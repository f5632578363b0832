package io.jellyfish.osgihost;

/**
 * Why plugins cannot be hosted, for a human: one line naming the jar and the reason, which the
 * launcher prints after {@code jellyfish: } before exiting with status 1.
 */
public final class PluginHostException extends Exception {
    private static final long serialVersionUID = 1L;

    public PluginHostException(String message) {
        super(message);
    }

    public PluginHostException(String message, Throwable cause) {
        super(message, cause);
    }
}
