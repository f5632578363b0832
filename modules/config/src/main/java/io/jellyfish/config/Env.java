package io.jellyfish.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Look-ups in the environment map. A variable that is present but empty counts as set
 * (spec 1.1) and goes through its parser like any other value.
 */
final class Env {
    private final Map<String, String> variables;

    Env(Map<String, String> variables) {
        this.variables = Objects.requireNonNull(variables, "environment");
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    String getOrDefault(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    /** The parsed value, or {@code fallback} when the variable is unset. */
    <T> T parse(String name, T fallback, BiFunction<String, String, T> parser) {
        return parseOptional(name, parser).orElse(fallback);
    }

    /** The parsed value, or empty when the variable is unset. */
    <T> Optional<T> parseOptional(String name, BiFunction<String, String, T> parser) {
        return get(name).map(value -> parser.apply(name, value));
    }
}
