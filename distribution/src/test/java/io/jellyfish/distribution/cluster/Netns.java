package io.jellyfish.distribution.cluster;

import io.jellyfish.distribution.harness.Poll;
import io.jellyfish.distribution.harness.Janitor;
import io.jellyfish.distribution.harness.Shell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several "hosts" on one machine (netns-dns-recipe.md): a bridge {@value #BRIDGE} with the
 * runner's address {@value #BRIDGE_IP}/24, and namespaces {@code jft1..jftN} at
 * {@code 10.231.7.11..}, each with its own /etc/netns/&lt;ns&gt;/resolv.conf naming the bridge
 * address as DNS server. The names and the /24 are this test's own; leftovers of an earlier
 * run that died are removed first. {@link #close()} (also run by the JVM shutdown hook) removes
 * the namespaces, veths, bridge and /etc/netns folders, killing anything still running inside.
 */
final class Netns implements AutoCloseable {
    static final String BRIDGE = "jfbrt0";
    static final String BRIDGE_IP = "10.231.7.1";
    private static final String PREFIX = "jft";

    private final int count;
    private final Janitor.Registration cleanup;

    private Netns(int count) {
        this.count = count;
        this.cleanup = Janitor.register("remove network namespaces", () -> teardown(count));
    }

    /** Whether this machine lets us build namespaces: root and the ip tool. */
    static boolean possible() {
        return Shell.isRoot() && Shell.available("ip");
    }

    static Netns create(int count) {
        teardown(count);
        Netns netns = new Netns(count);
        try {
            Shell.must("ip", "link", "add", BRIDGE, "type", "bridge");
            Shell.must("ip", "addr", "add", BRIDGE_IP + "/24", "dev", BRIDGE);
            Shell.must("ip", "link", "set", BRIDGE, "up");
            for (int i = 1; i <= count; i++) {
                String ns = name(i);
                Shell.must("ip", "netns", "add", ns);
                Shell.must("ip", "link", "add", "v" + ns, "type", "veth", "peer", "name", "p" + ns);
                Shell.must("ip", "link", "set", "p" + ns, "netns", ns);
                Shell.must("ip", "link", "set", "v" + ns, "master", BRIDGE, "up");
                Shell.must("ip", "netns", "exec", ns, "ip", "addr", "add", ip(i) + "/24", "dev", "p" + ns);
                Shell.must("ip", "netns", "exec", ns, "ip", "link", "set", "p" + ns, "up");
                Shell.must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
                Shell.must("mkdir", "-p", resolvConfDir(ns).toString());
                Shell.must("sh", "-c", "echo 'nameserver " + BRIDGE_IP + "' > " + resolvConfDir(ns).resolve("resolv.conf"));
            }
            for (int i = 1; i <= count; i++) {
                // The bridge may take a moment to forward: wait until every host answers.
                String target = ip(i);
                Poll.until(java.time.Duration.ofSeconds(15), "an ICMP echo answer from " + target, () ->
                        java.net.InetAddress.getByName(target).isReachable(1000) ? java.util.Optional.of(true)
                                : java.util.Optional.empty(), () -> "no answer", () -> Shell.run("ip", "addr").output());
            }
        } catch (RuntimeException | Error e) {
            netns.close();
            throw e;
        }
        return netns;
    }

    static String name(int host) {
        return PREFIX + host;
    }

    /** The address of host {@code host} (1-based). */
    static String ip(int host) {
        return "10.231.7.1" + host;
    }

    /** The command prefix that runs a program on host {@code host}. */
    static List<String> exec(int host) {
        return List.of("ip", "netns", "exec", name(host));
    }

    @Override
    public void close() {
        cleanup.close();
    }

    private static Path resolvConfDir(String ns) {
        return Path.of("/etc/netns", ns);
    }

    /** Removes everything this class may have created, whatever state it is in; never throws. */
    private static void teardown(int count) {
        List<String> failures = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String ns = name(i);
            if (Shell.run("ip", "netns", "pids", ns).ok()) {
                for (String pid : Shell.run("ip", "netns", "pids", ns).output().lines().map(String::strip)
                        .filter(s -> s.matches("\\d+")).toList()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(Janitor::killTree);
                }
                Shell.Result del = Shell.run("ip", "netns", "del", ns);
                if (!del.ok()) {
                    failures.add(del.output().strip());
                }
            }
            if (Shell.run("ip", "link", "show", "v" + ns).ok()) {
                Shell.run("ip", "link", "del", "v" + ns);
            }
            Shell.run("rm", "-rf", resolvConfDir(ns).toString());
        }
        if (Shell.run("ip", "link", "show", BRIDGE).ok()) {
            Shell.run("ip", "link", "del", BRIDGE);
        }
        if (!failures.isEmpty()) {
            System.err.println("jellyfish-it: namespace clean-up problems: " + failures);
        }
    }
}
