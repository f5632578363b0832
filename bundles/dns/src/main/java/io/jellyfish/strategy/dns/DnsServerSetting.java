package io.jellyfish.strategy.dns;

import io.jellyfish.api.config.ConfigurationException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JF_DIST_DNS_SERVER, our extension: the DNS server to ask instead of the system's, as
 * {@code <host>:<port>}, {@code <host>} (port 53), {@code [<ipv6>]:<port>} or a bare IPv6
 * address (port 53). Useful where the members are published by a DNS server that is not the
 * host's resolver, and in tests.
 */
final class DnsServerSetting {
    static final String VARIABLE = "JF_DIST_DNS_SERVER";

    /**
     * With no host the JNDI provider reads the name servers of the system resolver
     * configuration (/etc/resolv.conf), as the system resolver would.
     */
    static final String SYSTEM_RESOLVER_URL = "dns:";

    private static final String DEFAULT_PORT = "53";
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::([0-9]{1,5}))?");
    private static final Pattern BARE_IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
    private static final Pattern NAME_OR_IPV4 = Pattern.compile("([A-Za-z0-9._-]+)(?::([0-9]{1,5}))?");

    private DnsServerSetting() {}

    /** The JNDI provider URL for the variable's value, which may be unset (null). */
    static String providerUrl(String value) {
        if (value == null || value.isEmpty()) {
            return SYSTEM_RESOLVER_URL;
        }
        Matcher bracketed = BRACKETED_IPV6.matcher(value);
        if (bracketed.matches()) {
            return url("[" + bracketed.group(1) + "]", bracketed.group(2), value);
        }
        // Several colons: an IPv6 address, which cannot carry a port without brackets.
        if (BARE_IPV6.matcher(value).matches()) {
            return url("[" + value + "]", null, value);
        }
        Matcher nameOrIpv4 = NAME_OR_IPV4.matcher(value);
        if (nameOrIpv4.matches()) {
            return url(nameOrIpv4.group(1), nameOrIpv4.group(2), value);
        }
        throw bad(value);
    }

    private static String url(String host, String port, String value) {
        int number = Integer.parseInt(port == null ? DEFAULT_PORT : port);
        if (number < 1 || number > 65535) {
            throw bad(value);
        }
        return "dns://" + host + ":" + number;
    }

    private static ConfigurationException bad(String value) {
        return new ConfigurationException("Bad " + VARIABLE + " environment variable value. Expected <host>:<port>,"
                + " got: " + ConfigurationException.printable(value));
    }
}
