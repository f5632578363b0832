package io.jellyfish.strategy.dns;

import io.jellyfish.api.config.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Looks addresses up with JNDI's DNS provider rather than {@link InetAddress}: InetAddress keeps
 * answers in a JVM-wide cache whose lifetime the JVM's settings decide (networkaddress.cache.ttl),
 * not the record's TTL, while the provider sends a query to the server each time, so a member
 * added to DNS is seen at the next poll.
 */
final class JndiAddressLookup implements AddressLookup {
    private static final String DNS_CONTEXT_FACTORY = "com.sun.jndi.dns.DnsContextFactory";
    private static final String[] RECORD_TYPES = {"A", "AAAA"};
    // Lower than the provider's defaults (1 s, 4 tries: up to 15 s per server): a poll must end
    // well before the next one is due, and a failed poll only means the previous answer is kept.
    private static final String FIRST_TIMEOUT_MILLIS = "1000";
    private static final String TRIES = "2";

    private final String providerUrl;

    JndiAddressLookup(String providerUrl) {
        this.providerUrl = providerUrl;
    }

    /**
     * The union of the A and AAAA answers. A server may refuse one type outright: dnsmasq without
     * upstream servers refuses AAAA queries for names it only has IPv4 addresses for. So a
     * refused type counts as having no records as long as another type was answered; any other
     * failure (timeout, unreachable server, server failure) fails the whole lookup, since a
     * partial answer would drop members.
     */
    @Override
    public List<InetAddress> addresses(String name) throws NamingException {
        DirContext context = new InitialDirContext(environment());
        try {
            List<InetAddress> addresses = new ArrayList<>();
            OperationNotSupportedException refused = null;
            boolean answered = false;
            // One query per type: asking for both at once makes the provider send an ANY query,
            // which many servers answer partially, refuse (RFC 8482) or forward elsewhere.
            for (String type : RECORD_TYPES) {
                try {
                    addresses.addAll(records(context, name, type));
                    answered = true;
                } catch (OperationNotSupportedException e) {
                    refused = e;
                }
            }
            if (!answered) {
                throw refused;
            }
            return addresses;
        } finally {
            context.close();
        }
    }

    private Hashtable<String, String> environment() {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, DNS_CONTEXT_FACTORY);
        environment.put(Context.PROVIDER_URL, providerUrl);
        environment.put("com.sun.jndi.dns.timeout.initial", FIRST_TIMEOUT_MILLIS);
        environment.put("com.sun.jndi.dns.timeout.retries", TRIES);
        return environment;
    }

    /** A name that does not exist (NXDOMAIN) is an answer, not a failure: it has no addresses. */
    private static List<InetAddress> records(DirContext context, String name, String type) throws NamingException {
        Attribute attribute;
        try {
            attribute = context.getAttributes(name, new String[] {type}).get(type);
        } catch (NameNotFoundException e) {
            return List.of();
        }
        List<InetAddress> addresses = new ArrayList<>();
        if (attribute != null) {
            NamingEnumeration<?> values = attribute.getAll();
            while (values.hasMore()) {
                addresses.add(literal(String.valueOf(values.next())));
            }
        }
        return addresses;
    }

    /** The provider renders A and AAAA data as address literals, which InetAddress parses without a lookup. */
    private static InetAddress literal(String text) throws NamingException {
        boolean literalCharacters = !text.isEmpty()
                && text.chars().allMatch(c -> c < 128 && (Character.digit(c, 16) >= 0 || c == '.' || c == ':'));
        if (literalCharacters) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw notAnAddress(text);
            }
        }
        throw notAnAddress(text);
    }

    private static NamingException notAnAddress(String text) {
        return new NamingException("not an address in the DNS answer: " + ConfigurationException.printable(text));
    }
}
