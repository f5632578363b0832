package io.jellyfish.config;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.config.EnvParsers.PortRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvParsersTest {

    private static String failure(Runnable parse) {
        return assertThrows(ConfigurationException.class, parse::run).getMessage();
    }

    // --- boolean ---

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", "tRuE"})
    void booleanAcceptsTrueInAnyCase(String value) {
        assertTrue(EnvParsers.parseBoolean("JF_X", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "False", "fAlSe"})
    void booleanAcceptsFalseInAnyCase(String value) {
        assertFalse(EnvParsers.parseBoolean("JF_X", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"other", "1", "0", "yes", "no", "", " true", "true ", "truee"})
    void booleanRejectsEverythingElse(String value) {
        assertEquals("Bad JF_SIP_USED environment variable value. Expected true or false, got: " + value,
                failure(() -> EnvParsers.parseBoolean("JF_SIP_USED", value)));
    }

    // --- port ---

    @ParameterizedTest
    @CsvSource({"1, 1", "80, 80", "20000, 20000", "65535, 65535", "08080, 8080"})
    void portAcceptsPlainDecimalDigitsInRange(String value, int expected) {
        assertEquals(expected, EnvParsers.parsePort("JF_PORT", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080abc", "+80", "-1", "0", "65536", "", " 80", "80 ", "abc", "0x50", "80.0",
            "99999999999", "\u0668\u0660"})
    void portRejectsAnythingButPlainDigitsInRange(String value) {
        assertEquals("Bad JF_PORT environment variable value. Expected valid port number, got: " + value,
                failure(() -> EnvParsers.parsePort("JF_PORT", value)));
    }

    @Test
    void messagesStayOnOneLineWhenTheValueHasControlCharacters() {
        assertEquals("Bad JF_PORT environment variable value. Expected valid port number, got: 80\\n\\r\\t\\u0007",
                failure(() -> EnvParsers.parsePort("JF_PORT", "80\n\r\t\u0007")));
    }

    // --- IP literal ---

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            // Erlang (inet_aton) short forms: the last field fills the remaining bytes.
            "127.1, 127.0.0.1",
            "10.1.2, 10.1.0.2",
            "2130706433, 127.0.0.1",
            // ... and C-style octal / hexadecimal fields.
            "0177.0.0.1, 127.0.0.1",
            "0x7f.1, 127.0.0.1",
            "::1, 0:0:0:0:0:0:0:1",
            "::, 0:0:0:0:0:0:0:0",
            "fe80::1, fe80:0:0:0:0:0:0:1",
            "2001:DB8::8a2e:370:7334, 2001:db8:0:0:0:8a2e:370:7334",
            "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            "1::, 1:0:0:0:0:0:0:0",
            "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
            "::ffff:192.0.2.1, 192.0.2.1"})
    void ipAcceptsLiterals(String value, String expectedAddress) {
        InetAddress address = EnvParsers.parseIp("JF_IP", value);
        assertEquals(expectedAddress, address.getHostAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "", " 127.0.0.1", "127.0.0.1 ", "256.0.0.1",
            "1.2.3.4.5", "1.2.3.", "1..2.3", ".1.2.3", "127.0.0.-1", "+1.2.3.4", "08.0.0.1", "0x", "4294967296",
            "1.16777216", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4::5:6:7:8",
            "12345::1", ":1:2:3:4:5:6:7", "::ffff:1.2.3.04", "::ffff:256.1.1.1", "::ffff:1.2.3", "1.2.3.4::1",
            "fe80::1%eth0", "[::1]", "gggg::1", "\u0661\u0662\u0667.0.0.1"})
    void ipRejectsNamesAndMalformedLiterals(String value) {
        assertEquals("Bad JF_IP environment variable value. Expected valid ip address, got: " + value,
                failure(() -> EnvParsers.parseIp("JF_IP", value)));
    }

    // --- port range ---

    @ParameterizedTest
    @CsvSource({"50000-60000, 50000, 60000", "0-0, 0, 0", "0-65535, 0, 65535", "10-10, 10, 10"})
    void portRangeAcceptsFromTo(String value, int from, int to) {
        assertEquals(new PortRange(from, to), EnvParsers.parsePortRange("JF_WEBRTC_TURN_PORT_RANGE", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"50000-65536", "-1-65536", "abc-10", "10-", "-10", " 5-10", "5-10 ", "10-5", "5--10",
            "1-2-3", "", "5", "+5-10", "5-+10", "5 - 10", "99999999999-1"})
    void portRangeRejectsEverythingElseWithTheSameMessage(String value) {
        assertEquals("Bad JF_WEBRTC_TURN_PORT_RANGE environment variable value. Expected \"from-to\", where `from`"
                        + " and `to` are numbers between 0 and 65535 and `from` is not bigger than `to`, got: " + value,
                failure(() -> EnvParsers.parsePortRange("JF_WEBRTC_TURN_PORT_RANGE", value)));
    }

    // --- positive integer ---

    @ParameterizedTest
    @CsvSource({"1, 1", "5000, 5000", "2147483647, 2147483647"})
    void positiveIntAcceptsPlainDigitsAboveZero(String value, int expected) {
        assertEquals(expected, EnvParsers.parsePositiveInt("JF_DIST_POLLING_INTERVAL", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcd", "-25", "0", "", "10ms", "+5", " 5", "2147483648"})
    void positiveIntRejectsEverythingElse(String value) {
        assertEquals("`JF_DIST_POLLING_INTERVAL` must be a positive integer. Got: " + value,
                failure(() -> EnvParsers.parsePositiveInt("JF_DIST_POLLING_INTERVAL", value)));
    }

    @Test
    void boundedPositiveIntRejectsValuesAboveTheBound() {
        assertEquals(100, EnvParsers.parsePositiveInt("JF_X", "100", 100));
        assertEquals("`JF_X` must be a positive integer not bigger than 100. Got: 101",
                failure(() -> EnvParsers.parsePositiveInt("JF_X", "101", 100)));
        assertEquals("`JF_X` must be a positive integer not bigger than 100. Got: 0",
                failure(() -> EnvParsers.parsePositiveInt("JF_X", "0", 100)));
    }

    // --- host name resolved to an IPv4 address ---

    @ParameterizedTest
    @CsvSource({"127.0.0.1, 127.0.0.1", "127.1, 127.0.0.1", "0.0.0.0, 0.0.0.0"})
    void resolveHostTakesIpv4LiteralsAsTheyAre(String name, String expected) {
        assertEquals(expected, EnvParsers.resolveHost(name).getHostAddress());
    }

    @Test
    void resolveHostResolvesLocalhost() {
        assertInstanceOf(Inet4Address.class, EnvParsers.resolveHost("localhost"));
    }

    @Test
    void resolveHostResolvesTheMachinesOwnName() {
        assertInstanceOf(Inet4Address.class, EnvParsers.resolveHost(LocalHostName.shortName()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unresolvable-hostname", "nothing.invalid", "", "::1"})
    void resolveHostReportsNxdomainForNamesWithoutIpv4Address(String name) {
        assertEquals("Couldn't resolve " + name + ", reason: nxdomain.", failure(() -> EnvParsers.resolveHost(name)));
    }

    @Test
    void resolveHostReportsEinvalForUnprintableNames() {
        assertEquals("Couldn't resolve local host, reason: einval.",
                failure(() -> EnvParsers.resolveHost("local host")));
    }
}
