package io.jellyfish.config;

import io.jellyfish.api.config.ConfigurationException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The value parsers shared by every JF_* variable (spec section 1.3), public so that strategy
 * plugins and other modules validate their own variables with the same rules and messages.
 *
 * <p>Each parser takes the variable name and its raw, non-null value, and either returns the
 * parsed value or throws a {@link ConfigurationException} whose one-line message names the
 * variable, says what was expected and echoes the value. Parsing is strict: no surrounding
 * whitespace, no signs, no trailing characters.
 */
public final class EnvParsers {
    private static final System.Logger LOG = System.getLogger(EnvParsers.class.getName());

    private EnvParsers() {}

    /** An inclusive range of ports, as given by a {@code from-to} variable. */
    public record PortRange(int from, int to) {
        @Override
        public String toString() {
            return from + "-" + to;
        }
    }

    /** {@code true} or {@code false}, in any letter case. */
    public static boolean parseBoolean(String variable, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(variable, "true or false", value);
        };
    }

    /** Plain decimal digits with a value in 1..65535. */
    public static int parsePort(String variable, String value) {
        OptionalInt port = decimal(value);
        if (port.isEmpty() || port.getAsInt() < 1 || port.getAsInt() > 65535) {
            throw bad(variable, "valid port number", value);
        }
        return port.getAsInt();
    }

    /**
     * An IPv4 or IPv6 literal (see the forms Erlang accepts, e.g. {@code 127.1}, {@code ::1}).
     * Host names are rejected and no resolver is ever asked, so the returned address can be
     * bound to directly. Callers that must keep the text as written keep {@code value} itself.
     */
    public static InetAddress parseIp(String variable, String value) {
        byte[] bytes = IpLiterals.parse(value);
        if (bytes == null) {
            throw bad(variable, "valid ip address", value);
        }
        return byAddress(bytes);
    }

    /** {@code from-to}: two plain decimal numbers with {@code 0 <= from <= to <= 65535}. */
    public static PortRange parsePortRange(String variable, String value) {
        int dash = value.indexOf('-');
        OptionalInt from = dash < 0 ? OptionalInt.empty() : decimal(value.substring(0, dash));
        OptionalInt to = dash < 0 ? OptionalInt.empty() : decimal(value.substring(dash + 1));
        if (from.isEmpty() || to.isEmpty() || to.getAsInt() > 65535 || from.getAsInt() > to.getAsInt()) {
            throw bad(variable, "\"from-to\", where `from` and `to` are numbers between 0 and 65535"
                    + " and `from` is not bigger than `to`", value);
        }
        return new PortRange(from.getAsInt(), to.getAsInt());
    }

    /** Plain decimal digits with a value of at least 1. */
    public static int parsePositiveInt(String variable, String value) {
        OptionalInt number = decimal(value);
        if (number.isEmpty() || number.getAsInt() < 1) {
            throw new ConfigurationException(
                    "`" + variable + "` must be a positive integer. Got: " + ConfigurationException.printable(value));
        }
        return number.getAsInt();
    }

    /** Plain decimal digits with a value in 1..{@code max}. */
    public static int parsePositiveInt(String variable, String value, int max) {
        OptionalInt number = decimal(value);
        if (number.isEmpty() || number.getAsInt() < 1 || number.getAsInt() > max) {
            throw new ConfigurationException("`" + variable + "` must be a positive integer not bigger than "
                    + max + ". Got: " + ConfigurationException.printable(value));
        }
        return number.getAsInt();
    }

    /**
     * Turns a host name, or an IPv4 literal, into the first IPv4 address the system resolver
     * returns. Logs {@code Resolved <name> as <ip>} when the result differs from the input.
     * On failure the message is {@code Couldn't resolve <name>, reason: <reason>.} with an
     * Erlang-style reason: {@code nxdomain} (no IPv4 address) or {@code einval} (not a
     * printable name).
     */
    public static Inet4Address resolveHost(String name) {
        Inet4Address address = resolveIpv4(name);
        String text = address.getHostAddress();
        if (!text.equals(name)) {
            LOG.log(System.Logger.Level.INFO, "Resolved {0} as {1}", name, text);
        }
        return address;
    }

    private static Inet4Address resolveIpv4(String name) {
        byte[] literal = IpLiterals.ipv4(name);
        if (literal != null) {
            return (Inet4Address) byAddress(literal);
        }
        // Checked before asking the resolver: Java resolves "" to the loopback address.
        if (name.isEmpty()) {
            throw unresolved(name, "nxdomain");
        }
        if (!name.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw unresolved(name, "einval");
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(name))
                    .filter(Inet4Address.class::isInstance)
                    .map(Inet4Address.class::cast)
                    .findFirst()
                    .orElseThrow(() -> unresolved(name, "nxdomain"));
        } catch (UnknownHostException e) {
            throw unresolved(name, "nxdomain");
        }
    }

    /** Plain ASCII decimal digits that fit an int; anything else (signs, spaces, overflow) is empty. */
    static OptionalInt decimal(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException tooBig) {
            return OptionalInt.empty();
        }
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            // Only thrown for a length other than 4 or 16, which IpLiterals never returns.
            throw new IllegalStateException(impossible);
        }
    }

    private static ConfigurationException bad(String variable, String expected, String value) {
        return new ConfigurationException("Bad " + variable + " environment variable value. Expected "
                + expected + ", got: " + ConfigurationException.printable(value));
    }

    private static ConfigurationException unresolved(String name, String reason) {
        return new ConfigurationException("Couldn't resolve " + ConfigurationException.printable(name) + ", reason: " + reason + ".");
    }
}
