package io.jellyfish.strategy.dns;

import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressPollerTest {
    private final RecordingLogger logger = new RecordingLogger();
    private final ScriptedLookup lookup = new ScriptedLookup();
    private final AddressPoller poller = new AddressPoller("jf.cluster.test", lookup, logger);

    private static List<InetAddress> addresses(String... literals) {
        return List.of(literals).stream().map(ScriptedLookup::address).toList();
    }

    @Test
    void theFirstAnswerIsLoggedEvenWhenEmpty() {
        poller.poll();

        assertEquals(List.of(), poller.addresses());
        assertEquals(List.of("DNS query jf.cluster.test now resolves to []"), logger.messages(Level.INFO));
    }

    @Test
    void anAnswerIsKeptInAStableOrderWithoutRepeats() {
        lookup.answer("fd00::2", "10.0.0.12", "10.0.0.2", "10.0.0.12");
        poller.poll();

        assertEquals(addresses("10.0.0.2", "10.0.0.12", "fd00::2"), poller.addresses());
        assertEquals(List.of("DNS query jf.cluster.test now resolves to [10.0.0.2, 10.0.0.12, fd00:0:0:0:0:0:0:2]"),
                logger.messages(Level.INFO));
    }

    @Test
    void onlyAChangedSetOfAddressesIsLogged() {
        lookup.answer("10.0.0.1", "10.0.0.2");
        poller.poll();
        lookup.answer("10.0.0.2", "10.0.0.1");
        poller.poll();
        lookup.answer("10.0.0.2");
        poller.poll();

        assertEquals(List.of("DNS query jf.cluster.test now resolves to [10.0.0.1, 10.0.0.2]",
                "DNS query jf.cluster.test now resolves to [10.0.0.2]"), logger.messages(Level.INFO));
    }

    @Test
    void aFailedLookupKeepsThePreviousAnswerAndWarnsOncePerDistinctFailure() {
        lookup.answer("10.0.0.1");
        poller.poll();
        lookup.fail("DNS service refused [response code 5]");
        poller.poll();
        poller.poll();
        poller.poll();
        lookup.fail("DNS error");
        poller.poll();
        poller.poll();

        assertEquals(addresses("10.0.0.1"), poller.addresses());
        assertEquals(List.of(
                "DNS query jf.cluster.test failed: DNS service refused [response code 5];"
                        + " keeping the previous answer [10.0.0.1]",
                "DNS query jf.cluster.test failed: DNS error; keeping the previous answer [10.0.0.1]"),
                logger.messages(Level.WARNING));
    }

    @Test
    void aRecoveryIsLoggedAndTheNextFailureWarnsAgain() {
        lookup.fail("DNS error");
        poller.poll();
        lookup.answer("10.0.0.1");
        poller.poll();
        lookup.fail("DNS error");
        poller.poll();

        assertEquals(addresses("10.0.0.1"), poller.addresses());
        assertEquals(List.of("DNS query jf.cluster.test failed: DNS error; keeping the previous answer []",
                "DNS query jf.cluster.test failed: DNS error; keeping the previous answer [10.0.0.1]"),
                logger.messages(Level.WARNING));
        assertEquals(List.of("DNS query jf.cluster.test answers again",
                "DNS query jf.cluster.test now resolves to [10.0.0.1]"), logger.messages(Level.INFO));
    }

    @Test
    void anUnexpectedExceptionIsAFailedLookupNotADeadPoller() {
        AddressPoller failing = new AddressPoller("q", name -> {
            throw new IllegalStateException("boom");
        }, logger);

        failing.poll();

        assertEquals(List.of("DNS query q failed: boom; keeping the previous answer []"), logger.messages(Level.WARNING));
        assertEquals(List.of(), failing.addresses());
    }
}
