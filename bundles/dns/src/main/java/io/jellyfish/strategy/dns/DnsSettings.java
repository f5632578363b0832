package io.jellyfish.strategy.dns;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.Distribution.Mode;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;

/**
 * The validated settings of the DNS strategy.
 *
 * @param nodeName        this node's name with its host resolved: {@code <base>@<ip>}, plus the
 *                        {@code :<port>} pin when the configured name had one
 * @param nodeBaseName    the part before {@code @}; every member of a DNS cluster shares it
 * @param ownAddress      the address this node's host resolved to; dropped from the DNS answer
 * @param query           JF_DIST_QUERY
 * @param pollingInterval JF_DIST_POLLING_INTERVAL in milliseconds
 * @param providerUrl     the JNDI provider URL of the DNS server to ask
 */
record DnsSettings(String nodeName, String nodeBaseName, InetAddress ownAddress, String query,
                   long pollingInterval, String providerUrl) {
    static final String QUERY_VARIABLE = "JF_DIST_QUERY";
    static final String POLLING_INTERVAL_VARIABLE = "JF_DIST_POLLING_INTERVAL";
    static final long DEFAULT_POLLING_INTERVAL = 5000;

    /**
     * Checks the variables in the 0.5.0 order, so that the same bad environment gets the same
     * error: the mode, the node name, the query, the node's host, the polling interval; then
     * our extension JF_DIST_DNS_SERVER.
     */
    static DnsSettings read(JellyfishConfig config, Logger logger) {
        if (config.distribution().mode() != Mode.NAME) {
            throw new ConfigurationException("DNS strategy requires `JF_DIST_MODE` to be `name`");
        }
        String configuredName = config.distribution().nodeName();
        String[] nameAndHost = splitNodeName(configuredName);
        Map<String, String> environment = config.environment();
        String query = environment.getOrDefault(QUERY_VARIABLE, "");
        if (query.isEmpty()) {
            throw new ConfigurationException(QUERY_VARIABLE + " is required by DNS strategy");
        }
        String host = hostWithoutPin(nameAndHost[1]);
        InetAddress ownAddress = resolve(host, logger);
        long pollingInterval = pollingInterval(environment.get(POLLING_INTERVAL_VARIABLE));
        String providerUrl = DnsServerSetting.providerUrl(environment.get(DnsServerSetting.VARIABLE));

        String nodeName = nameAndHost[0] + "@" + ownAddress.getHostAddress() + nameAndHost[1].substring(host.length());
        return new DnsSettings(nodeName, nameAndHost[0], ownAddress, query, pollingInterval, providerUrl);
    }

    /**
     * The configuration module checked the form already; both parts must also be non-empty
     * here, since the name is shared by all members and the host is resolved.
     */
    private static String[] splitNodeName(String nodeName) {
        String[] parts = nodeName.split("@", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new ConfigurationException(
                    "JF_DIST_NODE_NAME has to be in form of <nodename>@<hostname>. Got: " + ConfigurationException.printable(nodeName));
        }
        return parts;
    }

    /** A host part with one colon pins the cluster port; with several it is an IPv6 address. */
    private static String hostWithoutPin(String hostPart) {
        int colon = hostPart.indexOf(':');
        return colon >= 0 && colon == hostPart.lastIndexOf(':') ? hostPart.substring(0, colon) : hostPart;
    }

    /** Through the system resolver, preferring IPv4 as 0.5.0 (which asks for IPv4 only) does. */
    private static InetAddress resolve(String host, Logger logger) {
        InetAddress address;
        try {
            if (host.isEmpty()) {
                // InetAddress would answer the loopback address for an empty name.
                throw new UnknownHostException(host);
            }
            InetAddress[] all = InetAddress.getAllByName(host);
            address = Arrays.stream(all).filter(Inet4Address.class::isInstance).findFirst().orElse(all[0]);
        } catch (UnknownHostException e) {
            throw new ConfigurationException("Couldn't resolve " + ConfigurationException.printable(host) + ", reason: nxdomain.");
        }
        if (!address.getHostAddress().equals(host)) {
            logger.log(Level.INFO, "Resolved " + ConfigurationException.printable(host) + " as " + address.getHostAddress());
        }
        return address;
    }

    /** Unset means the default; set, the whole text must be a positive decimal integer. */
    private static long pollingInterval(String value) {
        if (value == null) {
            return DEFAULT_POLLING_INTERVAL;
        }
        long interval = 0;
        if (value.matches("\\+?[0-9]{1,18}")) {
            interval = Long.parseLong(value);
        }
        if (interval <= 0) {
            throw new ConfigurationException(
                    "`" + POLLING_INTERVAL_VARIABLE + "` must be a positive integer. Got: " + ConfigurationException.printable(value));
        }
        return interval;
    }
}
