package io.jellyfish.api.cluster;

/**
 * A way for cluster members to find each other, installed as a plugin jar and chosen by name
 * with JF_DIST_STRATEGY_NAME. Implementations are found with {@link java.util.ServiceLoader}
 * (a JPMS {@code provides} clause, plus a {@code META-INF/services} entry for the OSGi host).
 */
public interface DiscoveryStrategyProvider {

    /** The name JF_DIST_STRATEGY_NAME selects, e.g. {@code NODES_LIST} or {@code DNS}. */
    String name();

    /**
     * Validates the strategy's own variables and starts it. A bad variable is reported as a
     * {@link io.jellyfish.api.config.ConfigurationException} naming it.
     */
    DiscoveryStrategy start(DiscoveryContext context);
}
