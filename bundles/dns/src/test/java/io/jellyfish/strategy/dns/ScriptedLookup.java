package io.jellyfish.strategy.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.naming.NamingException;

/** A lookup whose next answers the test decides: some addresses, or a failure. */
final class ScriptedLookup implements AddressLookup {
    private volatile List<InetAddress> addresses = List.of();
    private volatile NamingException failure;
    private final AtomicInteger calls = new AtomicInteger();

    ScriptedLookup answer(String... literals) {
        addresses = Arrays.stream(literals).map(ScriptedLookup::address).toList();
        failure = null;
        return this;
    }

    ScriptedLookup fail(String explanation) {
        failure = new NamingException(explanation);
        return this;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public List<InetAddress> addresses(String name) throws NamingException {
        calls.incrementAndGet();
        NamingException current = failure;
        if (current != null) {
            throw current;
        }
        return addresses;
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
