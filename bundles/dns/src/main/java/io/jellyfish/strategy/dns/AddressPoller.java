package io.jellyfish.strategy.dns;

import io.jellyfish.api.config.ConfigurationException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import javax.naming.NamingException;

/**
 * Keeps the latest answer for the query. {@link #poll()} runs on one thread only; the answer is
 * read from any thread.
 */
final class AddressPoller {
    /** IPv4 before IPv6, then by value: a stable order, whatever order the server answers in. */
    private static final Comparator<InetAddress> ADDRESS_ORDER = Comparator
            .comparingInt((InetAddress address) -> address.getAddress().length)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

    private final String query;
    private final AddressLookup lookup;
    private final Logger logger;

    /** Immutable and sorted; null until the first answer, so that the first one is logged even if empty. */
    private volatile List<InetAddress> answer;
    /** The reason last warned about; null while lookups succeed. Touched by the polling thread only. */
    private String failure;

    AddressPoller(String query, AddressLookup lookup, Logger logger) {
        this.query = query;
        this.lookup = lookup;
        this.logger = logger;
    }

    /** The addresses of the latest successful lookup, in a stable order; empty before the first one. */
    List<InetAddress> addresses() {
        List<InetAddress> current = answer;
        return current == null ? List.of() : current;
    }

    /**
     * One lookup. A failed one keeps the previous answer: a DNS hiccup must not make this node
     * forget the members. It never throws, since a periodic task that throws is not run again.
     */
    void poll() {
        List<InetAddress> fresh;
        try {
            fresh = lookup.addresses(query).stream().distinct().sorted(ADDRESS_ORDER).toList();
        } catch (NamingException | RuntimeException e) {
            warnOnce(reason(e));
            return;
        }
        if (failure != null) {
            failure = null;
            logger.log(Level.INFO, "DNS query " + ConfigurationException.printable(query) + " answers again");
        }
        if (!fresh.equals(answer)) {
            answer = fresh;
            logger.log(Level.INFO, "DNS query " + ConfigurationException.printable(query) + " now resolves to " + render(fresh));
        }
    }

    /** Once per distinct failure, not once per poll: a server that is down would flood the log. */
    private void warnOnce(String reason) {
        if (!reason.equals(failure)) {
            failure = reason;
            logger.log(Level.WARNING, "DNS query " + ConfigurationException.printable(query) + " failed: " + reason
                    + "; keeping the previous answer " + render(addresses()));
        }
    }

    /** The explanation JNDI gives, plus the network error underneath when there is one. */
    private static String reason(Exception e) {
        String reason = e instanceof NamingException naming && naming.getExplanation() != null
                ? naming.getExplanation()
                : Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        Throwable cause = e instanceof NamingException naming ? naming.getRootCause() : e.getCause();
        return ConfigurationException.printable(cause == null ? reason : reason + " (" + cause + ")");
    }

    static String render(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", ", "[", "]"));
    }
}
