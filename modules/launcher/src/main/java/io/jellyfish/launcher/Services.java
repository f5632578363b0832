package io.jellyfish.launcher;

import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.spi.ServerContext;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link ServerContext} handed to each service: the configuration and the services started so far. */
final class Services implements ServerContext {
    private final JellyfishConfig config;
    private final Map<Class<?>, Object> byType = new ConcurrentHashMap<>();

    Services(JellyfishConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public JellyfishConfig config() {
        return config;
    }

    @Override
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(byType.get(type)).map(type::cast);
    }

    /** Makes {@code service} available to the services started after it. */
    <T> void register(Class<T> type, T service) {
        Object previous = byType.putIfAbsent(type, type.cast(Objects.requireNonNull(service, "service")));
        if (previous != null) {
            throw new IllegalStateException(type.getName() + " is already registered");
        }
    }

    /**
     * Puts {@code service} in place of the one registered under {@code type}, for the services
     * started from now on (the cluster's room service replaces the local engine for the HTTP API).
     */
    <T> void replace(Class<T> type, T service) {
        if (byType.replace(type, type.cast(Objects.requireNonNull(service, "service"))) == null) {
            throw new IllegalStateException(type.getName() + " was not registered");
        }
    }
}
