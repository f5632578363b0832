/**
 * The DNS discovery strategy: the other members are the addresses JF_DIST_QUERY resolves to,
 * polled every JF_DIST_POLLING_INTERVAL ms. Deployed as a plugin jar; besides the API it needs
 * only JNDI, whose DNS provider (module jdk.naming.dns) asks the server on every poll.
 */
module io.jellyfish.strategy.dns {
    requires io.jellyfish.api;
    requires java.naming;

    provides io.jellyfish.api.cluster.DiscoveryStrategyProvider
            with io.jellyfish.strategy.dns.DnsStrategyProvider;
}
