package io.jellyfish.strategy.dns;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.Distribution.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checks of the DNS strategy, in the 0.5.0 order: the first failing one is reported. */
class DnsSettingsTest {
    private static final String UNRESOLVABLE = "unresolvable-hostname.invalid";

    private final RecordingLogger logger = new RecordingLogger();

    private DnsSettings read(Mode mode, String nodeName, String... namesAndValues) {
        return DnsSettings.read(TestConfigs.distributed(mode, nodeName, namesAndValues), logger);
    }

    private String error(Mode mode, String nodeName, String... namesAndValues) {
        JellyfishConfig config = TestConfigs.distributed(mode, nodeName, namesAndValues);
        return assertThrows(ConfigurationException.class, () -> DnsSettings.read(config, logger)).getMessage();
    }

    @Test
    void shortNamesModeIsRejectedFirst() {
        assertEquals("DNS strategy requires `JF_DIST_MODE` to be `name`",
                error(Mode.SNAME, "app", "JF_DIST_POLLING_INTERVAL", "-25"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "a@b@c", "@host", "app@"})
    void theNodeNameFormIsCheckedBeforeTheQuery(String nodeName) {
        assertEquals("JF_DIST_NODE_NAME has to be in form of <nodename>@<hostname>. Got: " + nodeName,
                error(Mode.NAME, nodeName));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JF_DIST_OTHER", "JF_DIST_QUERY"})
    void aMissingOrEmptyQueryIsReportedBeforeTheHostIsResolved(String variable) {
        assertEquals("JF_DIST_QUERY is required by DNS strategy",
                error(Mode.NAME, "app@" + UNRESOLVABLE, variable, "", "JF_DIST_POLLING_INTERVAL", "-25"));
    }

    @Test
    void anUnresolvableHostIsReportedBeforeThePollingInterval() {
        assertEquals("Couldn't resolve " + UNRESOLVABLE + ", reason: nxdomain.",
                error(Mode.NAME, "app@" + UNRESOLVABLE, "JF_DIST_QUERY", "app.dns-network",
                        "JF_DIST_POLLING_INTERVAL", "-25"));
    }

    @Test
    void aPinnedPortIsNotPartOfTheHostToResolve() {
        assertEquals("Couldn't resolve " + UNRESOLVABLE + ", reason: nxdomain.",
                error(Mode.NAME, "app@" + UNRESOLVABLE + ":7800", "JF_DIST_QUERY", "app.dns-network"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-25", "0", "abcd", "", " 5", "5 ", "10x", "1.5", "0x10", "99999999999999999999", "５"})
    void thePollingIntervalMustBeAWholePositiveInteger(String interval) {
        assertEquals("`JF_DIST_POLLING_INTERVAL` must be a positive integer. Got: " + interval,
                error(Mode.NAME, "app@127.0.0.1", "JF_DIST_QUERY", "app.dns-network",
                        "JF_DIST_POLLING_INTERVAL", interval));
    }

    @Test
    void aControlCharacterInTheIntervalDoesNotSplitTheMessage() {
        assertEquals("`JF_DIST_POLLING_INTERVAL` must be a positive integer. Got: 5\\n6",
                error(Mode.NAME, "app@127.0.0.1", "JF_DIST_QUERY", "q", "JF_DIST_POLLING_INTERVAL", "5\n6"));
    }

    @Test
    void defaultsAnIpNodeNameAndTheSystemResolver() throws Exception {
        DnsSettings settings = read(Mode.NAME, "testnodename@127.0.0.1", "JF_DIST_QUERY", "my-app.example.com");

        assertEquals(new DnsSettings("testnodename@127.0.0.1", "testnodename", InetAddress.getByName("127.0.0.1"),
                "my-app.example.com", 5000, "dns:"), settings);
        assertEquals(List.of(), logger.entries());
    }

    @Test
    void aHostNameIsResolvedPreferringIpv4AndLogged() throws Exception {
        DnsSettings settings = read(Mode.NAME, "testnodename@localhost", "JF_DIST_QUERY", "my-app.example.com",
                "JF_DIST_POLLING_INTERVAL", "10000");

        assertEquals("testnodename@127.0.0.1", settings.nodeName());
        assertEquals(InetAddress.getByName("127.0.0.1"), settings.ownAddress());
        assertEquals(10000, settings.pollingInterval());
        assertEquals(List.of("Resolved localhost as 127.0.0.1"), logger.messages(Level.INFO));
    }

    @Test
    void aPinnedPortIsKeptInTheResolvedNodeName() {
        assertEquals("app@127.0.0.1:7800",
                read(Mode.NAME, "app@localhost:7800", "JF_DIST_QUERY", "q").nodeName());
    }

    @Test
    void aLeadingPlusIsAccepted() {
        assertEquals(250, read(Mode.NAME, "app@127.0.0.1", "JF_DIST_QUERY", "q",
                "JF_DIST_POLLING_INTERVAL", "+250").pollingInterval());
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1:5353, dns://127.0.0.1:5353",
            "10.0.0.2, dns://10.0.0.2:53",
            "ns.example.com:53, dns://ns.example.com:53",
            "[::1]:5353, dns://[::1]:5353",
            "[fd00::53], dns://[fd00::53]:53",
            "fd00::53, dns://[fd00::53]:53"})
    void aDnsServerMayBeGiven(String server, String providerUrl) {
        assertEquals(providerUrl, read(Mode.NAME, "app@127.0.0.1", "JF_DIST_QUERY", "q",
                "JF_DIST_DNS_SERVER", server).providerUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {":53", "host:", "host:0", "host:65536", "host:x", "a/b:53", "a]b:53", "[::1", "[::1]x",
            "[]:53", "[::1]:0", "[host]:53", "h st", "host:53:54x"})
    void aBadDnsServerIsRejectedAfterTheOtherChecks(String server) {
        assertEquals("Bad JF_DIST_DNS_SERVER environment variable value. Expected <host>:<port>, got: " + server,
                error(Mode.NAME, "app@127.0.0.1", "JF_DIST_QUERY", "q", "JF_DIST_DNS_SERVER", server));
    }
}
