package io.jellyfish.strategy.dns;

import java.net.InetAddress;
import java.util.List;

import javax.naming.NamingException;

/** Asks DNS for the A and AAAA records of a name. */
@FunctionalInterface
interface AddressLookup {

    /**
     * The addresses the name has right now; empty when the name does not exist.
     *
     * @throws NamingException when no answer could be had (server unreachable, refused, timed out)
     */
    List<InetAddress> addresses(String name) throws NamingException;
}
