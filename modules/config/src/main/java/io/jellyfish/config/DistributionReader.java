package io.jellyfish.config;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig.Distribution;
import io.jellyfish.api.config.JellyfishConfig.Distribution.Mode;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The JF_DIST_* variables common to every discovery strategy (spec section 3). The strategy
 * name is kept raw: the launcher checks it against the installed strategy plugins, and each
 * plugin validates its own variables (JF_DIST_NODES, JF_DIST_QUERY, JF_DIST_POLLING_INTERVAL).
 */
final class DistributionReader {
    static final String DEFAULT_STRATEGY = "NODES_LIST";
    static final String DEFAULT_COOKIE = "jellyfish_cookie";
    static final String DEFAULT_NODE_BASE_NAME = "jellyfish";

    private DistributionReader() {}

    /**
     * With distribution off only JF_DIST_ENABLED and JF_DIST_MODE are read; the other fields
     * then hold their defaults and the ports are empty.
     */
    static Distribution read(Env env, Supplier<String> shortHostName) {
        boolean enabled = env.parse("JF_DIST_ENABLED", false, EnvParsers::parseBoolean);
        // Parsed even when distribution is off, as in 0.5.0: a bad mode always stops start-up.
        Mode mode = env.parse("JF_DIST_MODE", Mode.SNAME, DistributionReader::parseMode);
        String defaultNodeName = DEFAULT_NODE_BASE_NAME + "@" + shortHostName.get();
        if (!enabled) {
            return new Distribution(false, mode, DEFAULT_STRATEGY, DEFAULT_COOKIE, defaultNodeName,
                    Optional.empty(), Optional.empty());
        }
        String strategy = env.getOrDefault("JF_DIST_STRATEGY_NAME", DEFAULT_STRATEGY);
        String cookie = env.getOrDefault("JF_DIST_COOKIE", DEFAULT_COOKIE);
        String nodeName = env.parse("JF_DIST_NODE_NAME", defaultNodeName, DistributionReader::parseNodeName);
        Optional<Integer> minPort = env.parseOptional("JF_DIST_MIN_PORT", EnvParsers::parsePort);
        Optional<Integer> maxPort = env.parseOptional("JF_DIST_MAX_PORT", EnvParsers::parsePort);
        if (minPort.isPresent() && maxPort.isPresent() && minPort.get() > maxPort.get()) {
            throw new ConfigurationException("JF_DIST_MIN_PORT has to be less than or equal to JF_DIST_MAX_PORT."
                    + " Got: JF_DIST_MIN_PORT=" + minPort.get() + ", JF_DIST_MAX_PORT=" + maxPort.get());
        }
        return new Distribution(true, mode, strategy, cookie, nodeName, minPort, maxPort);
    }

    static Mode parseMode(String variable, String value) {
        return switch (value) {
            case "sname" -> Mode.SNAME;
            case "name" -> Mode.NAME;
            default -> throw new ConfigurationException(
                    "Invalid " + variable + ". Expected sname or name, got: " + ConfigurationException.printable(value));
        };
    }

    /**
     * Exactly one {@code @}; the parts themselves are not checked (0.5.0 lets even empty parts
     * pass). A host part with a single {@code :} pins the cluster port (our extension,
     * {@code <nodename>@<hostname>:<port>}), and that port must be valid; a host part with
     * several colons is an IPv6 address and pins nothing.
     */
    static String parseNodeName(String variable, String value) {
        String[] parts = value.split("@", -1);
        if (parts.length != 2) {
            throw new ConfigurationException(
                    variable + " has to be in form of <nodename>@<hostname>. Got: " + ConfigurationException.printable(value));
        }
        String host = parts[1];
        int colon = host.indexOf(':');
        if (colon >= 0 && colon == host.lastIndexOf(':')) {
            OptionalInt port = EnvParsers.decimal(host.substring(colon + 1));
            if (port.isEmpty() || port.getAsInt() < 1 || port.getAsInt() > 65535) {
                throw new ConfigurationException(variable + " has to be in form of <nodename>@<hostname>"
                        + " or <nodename>@<hostname>:<port> with a port number between 1 and 65535. Got: "
                        + ConfigurationException.printable(value));
            }
        }
        return value;
    }
}
