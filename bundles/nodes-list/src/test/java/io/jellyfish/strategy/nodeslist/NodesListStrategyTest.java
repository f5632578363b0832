package io.jellyfish.strategy.nodeslist;

import io.jellyfish.api.cluster.DiscoveryContext;
import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.cluster.DiscoveryStrategy.Candidate;
import io.jellyfish.api.cluster.DiscoveryStrategyProvider;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.Distribution.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodesListStrategyTest {
    private final RecordingLogger logger = new RecordingLogger();

    private DiscoveryStrategy start(JellyfishConfig config) {
        return new NodesListStrategyProvider().start(new DiscoveryContext() {
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

    private DiscoveryStrategy startWithNodes(String nodeName, String nodes) {
        return start(TestConfigs.distributed(Mode.SNAME, nodeName, "JF_DIST_NODES", nodes));
    }

    @Test
    void isFoundAsAServiceUnderItsName() {
        List<String> names = ServiceLoader.load(DiscoveryStrategyProvider.class).stream()
                .map(provider -> provider.get().name()).toList();
        assertEquals(List.of("NODES_LIST"), names);
    }

    @Test
    void nodeNameIsTheConfiguredOneAsIs() {
        assertEquals("app@app1", startWithNodes("app@app1", "app@app2").nodeName());
    }

    @Test
    void listedNodesAreCandidatesInOrderWithoutTheNodeItself() {
        DiscoveryStrategy strategy = startWithNodes("app@app2", "app@app1 app@app2 app@app3");

        assertEquals(List.of(new Candidate("app@app1", "app1", 0), new Candidate("app@app3", "app3", 0)),
                strategy.candidates());
        assertEquals(List.of(), logger.entries());
    }

    @Test
    void extraSpacesAndRepeatedNamesAreDropped() {
        DiscoveryStrategy strategy = startWithNodes("app@app1", "  app@app2   app@app3 app@app2\n app@app4 ");

        assertEquals(List.of("app@app2", "app@app3", "app@app4"),
                strategy.candidates().stream().map(Candidate::nodeName).toList());
    }

    @Test
    void aPinnedPortIsPassedOnAndTheHostIsTheConnectAddress() {
        DiscoveryStrategy strategy = startWithNodes("a@10.0.0.1:7800", "a@10.0.0.1:7800 b@10.0.0.1:7801 c@10.0.0.2");

        assertEquals(List.of(new Candidate("b@10.0.0.1:7801", "10.0.0.1", 7801), new Candidate("c@10.0.0.2", "10.0.0.2", 0)),
                strategy.candidates());
    }

    @Test
    void theNodeItselfIsRecognisedWithOrWithoutItsPinnedPortAndWhateverTheHostCase() {
        DiscoveryStrategy strategy = startWithNodes("app@App1:7800", "app@app1 app@APP1:7800 other@app1");

        assertEquals(List.of(new Candidate("other@app1", "app1", 0)), strategy.candidates());
    }

    @Test
    void anIpv6HostPinsNothing() {
        DiscoveryStrategy strategy = startWithNodes("app@app1", "app@fd00::2");

        assertEquals(List.of(new Candidate("app@fd00::2", "fd00::2", 0)), strategy.candidates());
    }

    @Test
    void malformedEntriesAreWarnedAboutOnceAndSkipped() {
        DiscoveryStrategy strategy = startWithNodes("app@app1",
                "app2 app@app3 a@b@c @app4 app@ app@app5:0 app@app5:65536 app@app5:x app@:7800 app2");

        assertEquals(List.of(new Candidate("app@app3", "app3", 0)), strategy.candidates());
        assertEquals(List.of(
                "ignoring JF_DIST_NODES entry \"app2\": expected <name>@<host>[:<port>]",
                "ignoring JF_DIST_NODES entry \"a@b@c\": expected <name>@<host>[:<port>]",
                "ignoring JF_DIST_NODES entry \"@app4\": expected <name>@<host>[:<port>]",
                "ignoring JF_DIST_NODES entry \"app@\": expected <name>@<host>[:<port>]",
                "ignoring JF_DIST_NODES entry \"app@app5:0\": expected <name>@<host>[:<port>]",
                "ignoring JF_DIST_NODES entry \"app@app5:65536\": expected <name>@<host>[:<port>]",
                "ignoring JF_DIST_NODES entry \"app@app5:x\": expected <name>@<host>[:<port>]",
                "ignoring JF_DIST_NODES entry \"app@:7800\": expected <name>@<host>[:<port>]"),
                logger.messages(Level.WARNING));
    }

    @Test
    void aControlCharacterInAnEntryDoesNotSplitTheWarning() {
        startWithNodes("app@app1", "app\u0007x");

        assertEquals(List.of("ignoring JF_DIST_NODES entry \"app\\u0007x\": expected <name>@<host>[:<port>]"),
                logger.messages(Level.WARNING));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " \n "})
    void anEmptyListIsAWarningNotAnError(String nodes) {
        DiscoveryStrategy strategy = startWithNodes("app@app1", nodes);

        assertEquals(List.of(), strategy.candidates());
        assertEquals(List.of(NodesListStrategy.EMPTY_LIST_WARNING), logger.messages(Level.WARNING));
    }

    @Test
    void anUnsetListGivesTheSameOneLineWarning() {
        DiscoveryStrategy strategy = start(TestConfigs.distributed(Mode.SNAME, "app@app1"));

        assertEquals(List.of(), strategy.candidates());
        assertEquals(List.of("NODES_LIST strategy requires JF_DIST_NODES to be set by at least one Jellyfish instance."
                + " This instance has JF_DIST_NODES unset."), logger.messages(Level.WARNING));
    }

    @Test
    void aListOfOnlyTheNodeItselfIsNotEmpty() {
        DiscoveryStrategy strategy = startWithNodes("app@app1", "app@app1");

        assertEquals(List.of(), strategy.candidates());
        assertEquals(List.of(), logger.entries());
    }

    @Test
    void describeListsTheWellFormedEntriesIncludingTheNodeItselfAndNoCookie() {
        DiscoveryStrategy strategy = startWithNodes("app@app1", "app@app1 bad app@app2:7800");

        String line = strategy.describe();

        assertEquals("Distribution config: [enabled: true, mode: sname, strategy: NODES_LIST, node_name: app@app1,"
                + " strategy_config: [hosts: [app@app1, app@app2:7800]]]", line);
        assertFalse(line.contains("secret_cookie"));
    }

    @Test
    void describeShowsLongNamesModeAndAnEmptyList() {
        DiscoveryStrategy strategy = start(TestConfigs.distributed(Mode.NAME, "app@10.0.0.1"));

        assertEquals("Distribution config: [enabled: true, mode: name, strategy: NODES_LIST, node_name: app@10.0.0.1,"
                + " strategy_config: [hosts: []]]", strategy.describe());
        assertTrue(strategy.candidates().isEmpty());
    }
}
