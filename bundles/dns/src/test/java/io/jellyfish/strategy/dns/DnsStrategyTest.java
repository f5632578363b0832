package io.jellyfish.strategy.dns;

import io.jellyfish.api.cluster.DiscoveryContext;
import io.jellyfish.api.cluster.DiscoveryStrategy.Candidate;
import io.jellyfish.api.cluster.DiscoveryStrategyProvider;
import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.Distribution.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

import static io.jellyfish.strategy.dns.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DnsStrategyTest {
    private final RecordingLogger logger = new RecordingLogger();
    private final ScriptedLookup lookup = new ScriptedLookup();
    private DnsStrategy strategy;

    @AfterEach
    void close() {
        if (strategy != null) {
            strategy.close();
        }
    }

    private DnsStrategy start(String nodeName, String... namesAndValues) {
        JellyfishConfig config = TestConfigs.distributed(Mode.NAME, nodeName, namesAndValues);
        strategy = DnsStrategy.start(DnsSettings.read(config, logger), lookup, logger);
        return strategy;
    }

    private static boolean pollingThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(DnsStrategy.THREAD_NAME) && thread.isAlive());
    }

    @Test
    void isFoundAsAServiceUnderItsName() {
        List<String> names = ServiceLoader.load(DiscoveryStrategyProvider.class).stream()
                .map(provider -> provider.get().name()).toList();
        assertEquals(List.of("DNS"), names);
    }

    @Test
    void aConfigurationErrorStartsNoThread() {
        JellyfishConfig config = TestConfigs.distributed(Mode.SNAME, "app@127.0.0.1", "JF_DIST_QUERY", "q");
        DiscoveryContext context = new DiscoveryContext() {
            @Override
            public JellyfishConfig config() {
                return config;
            }

            @Override
            public System.Logger logger() {
                return logger;
            }
        };

        assertThrows(ConfigurationException.class, () -> new DnsStrategyProvider().start(context));
        assertFalse(pollingThreadAlive());
    }

    @Test
    void theFirstAnswerIsThereWhenStartReturnsWithoutTheNodeItself() {
        lookup.answer("10.0.0.13", "10.0.0.11", "10.0.0.12");

        start("jf@10.0.0.12", "JF_DIST_QUERY", "jf.cluster.test");

        assertEquals(List.of(new Candidate("jf@10.0.0.11", "10.0.0.11", 0), new Candidate("jf@10.0.0.13", "10.0.0.13", 0)),
                strategy.candidates());
        assertEquals("jf@10.0.0.12", strategy.nodeName());
    }

    @Test
    void laterAnswersArePickedUpAtTheNextPoll() {
        lookup.answer("10.0.0.11");
        start("jf@10.0.0.12", "JF_DIST_QUERY", "jf.cluster.test", "JF_DIST_POLLING_INTERVAL", "20");

        lookup.answer("10.0.0.11", "10.0.0.12", "10.0.0.14");

        await(() -> strategy.candidates().size() == 2, Duration.ofSeconds(5), () -> "got " + strategy.candidates());
        assertEquals(List.of("jf@10.0.0.11", "jf@10.0.0.14"),
                strategy.candidates().stream().map(Candidate::nodeName).toList());
    }

    @Test
    void describeShowsTheResolvedNameAndTheQueryButNoCookie() {
        String line = start("testnodename@localhost", "JF_DIST_QUERY", "my-app.example.com",
                "JF_DIST_POLLING_INTERVAL", "10000").describe();

        assertEquals("Distribution config: [enabled: true, mode: name, strategy: DNS, node_name: testnodename@127.0.0.1,"
                + " strategy_config: [polling_interval: 10000, query: \"my-app.example.com\","
                + " node_basename: \"testnodename\"]]", line);
        assertFalse(line.contains("secret_cookie"));
    }

    @Test
    void closeStopsThePollingThread() {
        start("jf@10.0.0.12", "JF_DIST_QUERY", "jf.cluster.test", "JF_DIST_POLLING_INTERVAL", "10");
        int callsBefore = lookup.calls();
        await(() -> lookup.calls() > callsBefore, Duration.ofSeconds(5), () -> "a second poll");

        strategy.close();

        assertFalse(pollingThreadAlive());
    }
}
