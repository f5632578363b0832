package io.jellyfish.strategy.dns;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.cluster.DiscoveryStrategy;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Polls the query on its own daemon thread and offers every address of the latest answer,
 * except this node's, as a member named {@code <base>@<address>} whose port range is probed.
 */
final class DnsStrategy implements DiscoveryStrategy {
    static final String THREAD_NAME = "jellyfish-dns-discovery";
    /** Long enough for a lookup against every name server to time out; see JndiAddressLookup. */
    private static final long FIRST_ANSWER_WAIT_MILLIS = 10_000;
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final DnsSettings settings;
    private final AddressPoller poller;
    private final ScheduledExecutorService executor;

    private DnsStrategy(DnsSettings settings, AddressPoller poller, ScheduledExecutorService executor) {
        this.settings = settings;
        this.poller = poller;
        this.executor = executor;
    }

    /**
     * Polls once right away and waits for that answer, so that the cluster layer's first
     * discovery round already has the members; then polls every interval after the end of the
     * previous poll, so slow lookups never pile up.
     */
    static DnsStrategy start(DnsSettings settings, AddressLookup lookup, Logger logger) {
        AddressPoller poller = new AddressPoller(settings.query(), lookup, logger);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(DnsStrategy::newThread);
        DnsStrategy strategy = new DnsStrategy(settings, poller, executor);
        try {
            executor.submit(poller::poll).get(FIRST_ANSWER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            logger.log(Level.WARNING, "DNS query " + ConfigurationException.printable(settings.query()) + " has not answered within "
                    + FIRST_ANSWER_WAIT_MILLIS + " ms; members are added when it does");
        } catch (ExecutionException e) {
            // poll() catches every exception, so only an Error gets here.
            executor.shutdownNow();
            throw new IllegalStateException("DNS discovery failed to start", e.getCause());
        }
        executor.scheduleWithFixedDelay(poller::poll, settings.pollingInterval(), settings.pollingInterval(),
                TimeUnit.MILLISECONDS);
        return strategy;
    }

    /**
     * A daemon, so it never keeps the JVM alive. Its context class loader is the platform loader,
     * which defines the JNDI DNS provider: JNDI finds the provider through that loader, and the
     * thread that starts the strategy may carry a loader that cannot see it (an OSGi bundle's).
     */
    private static Thread newThread(Runnable task) {
        Thread thread = new Thread(task, THREAD_NAME);
        thread.setDaemon(true);
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        return thread;
    }

    @Override
    public String nodeName() {
        return settings.nodeName();
    }

    @Override
    public List<Candidate> candidates() {
        return poller.addresses().stream()
                .filter(address -> !address.equals(settings.ownAddress()))
                .map(this::candidate)
                .toList();
    }

    private Candidate candidate(InetAddress address) {
        String host = address.getHostAddress();
        return new Candidate(settings.nodeBaseName() + "@" + host, host, 0);
    }

    /** The 0.5.0 start-up line in this server's words; the cookie is a secret and never shown. */
    @Override
    public String describe() {
        return ConfigurationException.printable("Distribution config: [enabled: true, mode: name, strategy: " + DnsStrategyProvider.NAME
                + ", node_name: " + settings.nodeName() + ", strategy_config: [polling_interval: "
                + settings.pollingInterval() + ", query: \"" + settings.query() + "\", node_basename: \""
                + settings.nodeBaseName() + "\"]]");
    }

    /** Stops polling; returns once the polling thread has ended, or after a bounded wait. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
