package io.jellyfish.strategy.nodeslist;

import io.jellyfish.api.cluster.DiscoveryContext;
import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.cluster.DiscoveryStrategyProvider;

/** Selected by {@code JF_DIST_STRATEGY_NAME=NODES_LIST}, which is also the default. */
public final class NodesListStrategyProvider implements DiscoveryStrategyProvider {
    static final String NAME = "NODES_LIST";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DiscoveryStrategy start(DiscoveryContext context) {
        return NodesListStrategy.from(context.config(), context.logger());
    }
}
