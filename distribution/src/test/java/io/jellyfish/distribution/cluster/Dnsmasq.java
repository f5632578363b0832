package io.jellyfish.distribution.cluster;

import io.jellyfish.distribution.harness.Poll;
import io.jellyfish.distribution.harness.Janitor;
import io.jellyfish.distribution.harness.Shell;
import javax.naming.NameNotFoundException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A real DNS server for the test (netns-dns-recipe.md): dnsmasq answering {@code name} from a
 * hosts file, listening on one address. Changing the records rewrites the file and sends
 * SIGHUP, then waits until the server answers with exactly the new addresses.
 */
final class Dnsmasq implements AutoCloseable {
    private final Path dir;
    private final String listen;
    private final String name;
    private final Path hosts;
    private Process process;
    private Janitor.Registration stop;

    Dnsmasq(Path dir, String listen, String name) {
        this.dir = dir;
        this.listen = listen;
        this.name = name;
        this.hosts = dir.resolve("hosts");
    }

    static String binary() {
        return Files.isExecutable(Path.of("/usr/sbin/dnsmasq")) ? "/usr/sbin/dnsmasq" : "dnsmasq";
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/dnsmasq")) || Shell.available("dnsmasq");
    }

    /** Starts the server with {@code addresses} as the records of the name. */
    Dnsmasq start(List<String> addresses) throws IOException {
        writeHosts(addresses);
        process = new ProcessBuilder(binary(), "-k", "--user=root", "--conf-file=/dev/null",
                "--listen-address=" + listen, "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--addn-hosts=" + hosts, "--local-ttl=1", "--pid-file=" + dir.resolve("pid"), "--log-facility=-")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dnsmasq.log").toFile())
                .start();
        Janitor.track(process);
        Process started = process;
        stop = Janitor.register("stop dnsmasq", () -> Janitor.kill(started));
        awaitAnswer(addresses);
        return this;
    }

    /** Replaces the records (SIGHUP makes dnsmasq re-read the hosts file) and waits until they are served. */
    void records(List<String> addresses) throws IOException {
        writeHosts(addresses);
        Shell.must("kill", "-HUP", String.valueOf(process.pid()));
        awaitAnswer(addresses);
    }

    String log() {
        try {
            return Files.readString(dir.resolve("dnsmasq.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        if (stop != null) {
            stop.close();
        }
    }

    private void writeHosts(List<String> addresses) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String address : addresses) {
            text.append(address).append(' ').append(name).append('\n');
        }
        Path temporary = dir.resolve("hosts.new");
        Files.writeString(temporary, text);
        Files.move(temporary, hosts, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitAnswer(List<String> addresses) {
        Set<String> expected = new TreeSet<>(addresses);
        Set<String>[] last = new Set[] {Set.of()};
        Poll.until(Duration.ofSeconds(15), "dnsmasq answering " + name + " with " + expected, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("dnsmasq exited with " + process.exitValue() + ":\n" + log());
            }
            last[0] = query();
            return last[0].equals(expected) ? Optional.of(true) : Optional.empty();
        }, () -> String.valueOf(last[0]), this::log);
    }

    /** The A records of the name, asked straight from the server (no JVM cache involved). */
    private Set<String> query() throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns://" + listen + ":53");
        env.put("com.sun.jndi.dns.timeout.initial", "500");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        InitialDirContext context = new InitialDirContext(env);
        try {
            Attribute a = context.getAttributes(name, new String[] {"A"}).get("A");
            Set<String> found = new TreeSet<>();
            if (a != null) {
                for (int i = 0; i < a.size(); i++) {
                    found.add(String.valueOf(a.get(i)));
                }
            }
            return found;
        } catch (NameNotFoundException e) {
            return Set.of();
        } finally {
            context.close();
        }
    }
}
