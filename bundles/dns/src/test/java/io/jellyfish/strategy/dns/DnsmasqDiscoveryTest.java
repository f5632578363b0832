package io.jellyfish.strategy.dns;

import io.jellyfish.api.cluster.DiscoveryContext;
import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.cluster.DiscoveryStrategy.Candidate;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.Distribution.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.naming.NamingException;

import static io.jellyfish.strategy.dns.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The DNS strategy against a real DNS server: dnsmasq answering from a hosts file that the test
 * rewrites, then tells dnsmasq to reload with SIGHUP, as a container platform would update DNS.
 */
class DnsmasqDiscoveryTest {
    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
    private static final String QUERY = "jf.cluster.test";
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path directory;

    private final RecordingLogger logger = new RecordingLogger();
    private Path hosts;
    private Process dnsmasq;
    private int port;
    private DiscoveryStrategy strategy;

    @BeforeEach
    void startDnsmasq() throws Exception {
        assumeTrue(Files.isExecutable(DNSMASQ),
                "dnsmasq is not installed (" + DNSMASQ + "); CI installs it with apt-get install dnsmasq-base");
        hosts = directory.resolve("hosts");
        publish("127.0.0.11", "127.0.0.12");
        port = freeUdpAndTcpPort();
        dnsmasq = new ProcessBuilder(DNSMASQ.toString(), "-k", "--user=root", "--conf-file=/dev/null",
                "--listen-address=127.0.0.1", "--port=" + port, "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--addn-hosts=" + hosts, "--local-ttl=1", "--pid-file=" + directory.resolve("pid"))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("dnsmasq.log").toFile())
                .start();
        JndiAddressLookup lookup = new JndiAddressLookup("dns://127.0.0.1:" + port);
        await(() -> answers(lookup), DEADLINE, () -> "dnsmasq answering on port " + port + "; its output: " + output());
    }

    @AfterEach
    void stop() throws Exception {
        if (strategy != null) {
            strategy.close();
        }
        if (dnsmasq != null) {
            dnsmasq.destroy();
            if (!dnsmasq.waitFor(5, TimeUnit.SECONDS)) {
                dnsmasq.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void candidatesFollowTheRecordsWithoutTheNodeItself() throws Exception {
        strategy = start("jf@127.0.0.12");
        assertEquals(List.of(new Candidate("jf@127.0.0.11", "127.0.0.11", 0)), strategy.candidates());

        publish("127.0.0.11", "127.0.0.12", "127.0.0.13");
        reload();
        awaitCandidates("jf@127.0.0.11", "jf@127.0.0.13");

        publish("127.0.0.12", "127.0.0.13");
        reload();
        awaitCandidates("jf@127.0.0.13");

        assertEquals(List.of("DNS query jf.cluster.test now resolves to [127.0.0.11, 127.0.0.12]",
                "DNS query jf.cluster.test now resolves to [127.0.0.11, 127.0.0.12, 127.0.0.13]",
                "DNS query jf.cluster.test now resolves to [127.0.0.12, 127.0.0.13]"), logger.messages(Level.INFO));
        assertEquals(List.of(), logger.messages(Level.WARNING));
    }

    @Test
    void aServerThatStopsAnsweringLeavesTheLastAnswerInPlace() throws Exception {
        strategy = start("jf@127.0.0.12");

        dnsmasq.destroy();
        dnsmasq.waitFor();

        await(() -> !logger.messages(Level.WARNING).isEmpty(), DEADLINE, () -> "a warning; got " + logger.entries());
        String warning = logger.messages(Level.WARNING).get(0);
        assertTrue(warning.startsWith("DNS query jf.cluster.test failed: "), warning);
        assertTrue(warning.endsWith("; keeping the previous answer [127.0.0.11, 127.0.0.12]"), warning);
        assertEquals(List.of(new Candidate("jf@127.0.0.11", "127.0.0.11", 0)), strategy.candidates());
    }

    private DiscoveryStrategy start(String nodeName) {
        JellyfishConfig config = TestConfigs.distributed(Mode.NAME, nodeName, "JF_DIST_QUERY", QUERY,
                "JF_DIST_DNS_SERVER", "127.0.0.1:" + port, "JF_DIST_POLLING_INTERVAL", "200");
        return new DnsStrategyProvider().start(new DiscoveryContext() {
            @Override
            public JellyfishConfig config() {
                return config;
            }

            @Override
            public System.Logger logger() {
                return logger;
            }
        });
    }

    private void awaitCandidates(String... nodeNames) {
        List<String> expected = List.of(nodeNames);
        await(() -> names().equals(expected), DEADLINE, () -> expected + ", got " + names());
    }

    private List<String> names() {
        return strategy.candidates().stream().map(Candidate::nodeName).toList();
    }

    private void publish(String... addresses) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String address : addresses) {
            lines.append(address).append(' ').append(QUERY).append('\n');
        }
        Files.writeString(hosts, lines);
    }

    /** dnsmasq re-reads its hosts files on SIGHUP; Java can only send TERM and KILL itself. */
    private void reload() throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(dnsmasq.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -HUP");
    }

    private boolean answers(JndiAddressLookup lookup) {
        assertTrue(dnsmasq.isAlive(), () -> "dnsmasq exited: " + output());
        try {
            return lookup.addresses(QUERY).size() == 2;
        } catch (NamingException e) {
            return false;
        }
    }

    private String output() {
        try {
            return Files.readString(directory.resolve("dnsmasq.log"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** dnsmasq listens on UDP and TCP: a port free for both right now. */
    private static int freeUdpAndTcpPort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback);
                 DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), loopback)) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // the UDP side of that port is in use: try another
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
    }
}
