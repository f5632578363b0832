package io.jellyfish.api.spi;

import io.jellyfish.api.config.JellyfishConfig;

import java.util.Optional;

/**
 * What the launcher hands each service at start-up: the configuration and the services started
 * before it. Services are started in a fixed order (room engine, metrics, cluster, HTTP API),
 * so a service finds the ones it depends on already here.
 */
public interface ServerContext {
    JellyfishConfig config();

    /** A service registered earlier under this type. */
    <T> Optional<T> find(Class<T> type);

    /** A service registered earlier under this type; fails start-up when it is missing. */
    default <T> T require(Class<T> type) {
        return find(type).orElseThrow(() -> new IllegalStateException(
                "start-up order: " + type.getSimpleName() + " is needed but was not started"));
    }
}
