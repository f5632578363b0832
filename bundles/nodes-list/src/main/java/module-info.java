/**
 * The NODES_LIST discovery strategy: the other members are the node names listed in
 * JF_DIST_NODES. Deployed as a plugin jar; it depends on nothing but the API.
 */
module io.jellyfish.strategy.nodeslist {
    requires io.jellyfish.api;

    provides io.jellyfish.api.cluster.DiscoveryStrategyProvider
            with io.jellyfish.strategy.nodeslist.NodesListStrategyProvider;
}
