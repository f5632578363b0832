package io.jellyfish.api.cluster;

import io.jellyfish.api.config.JellyfishConfig;

/** What a discovery strategy gets at start-up. */
public interface DiscoveryContext {

    /** The validated configuration, including the raw environment for strategy-specific variables. */
    JellyfishConfig config();

    /** Where strategy messages go; shows up in the server log under the strategy's name. */
    System.Logger logger();
}
