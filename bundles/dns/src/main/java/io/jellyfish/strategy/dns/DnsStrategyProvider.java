package io.jellyfish.strategy.dns;

import io.jellyfish.api.cluster.DiscoveryContext;
import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.cluster.DiscoveryStrategyProvider;

/** Selected by {@code JF_DIST_STRATEGY_NAME=DNS}. */
public final class DnsStrategyProvider implements DiscoveryStrategyProvider {
    static final String NAME = "DNS";

    @Override
    public String name() {
        return NAME;
    }

    /** Validates the DNS variables, then starts polling; returns once the first answer is in. */
    @Override
    public DiscoveryStrategy start(DiscoveryContext context) {
        DnsSettings settings = DnsSettings.read(context.config(), context.logger());
        return DnsStrategy.start(settings, new JndiAddressLookup(settings.providerUrl()), context.logger());
    }
}
