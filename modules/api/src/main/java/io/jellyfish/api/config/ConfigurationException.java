package io.jellyfish.api.config;

/**
 * A start-up configuration error. Its message is one line for a human: it names the variable
 * and says what was expected. The launcher prints it and exits with status 1.
 */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message, null, false, false);
    }
}
