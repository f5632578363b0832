package io.jellyfish.api.spi;

/** Provides the Prometheus metrics endpoint. */
public interface MetricsProvider {
    ServerMetrics start(ServerContext context);
}
