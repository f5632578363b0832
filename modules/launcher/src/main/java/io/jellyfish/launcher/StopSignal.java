package io.jellyfish.launcher;

import sun.misc.Signal;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and SIGINT as a request to stop gracefully.
 *
 * <p>Why {@code sun.misc.Signal} (module jdk.unsupported, a supported-in-practice API that does
 * not need {@code jdk.internal} access) rather than a shutdown hook: once the JVM runs its
 * shutdown hooks because of a signal, the exit status is already fixed at 128+signal (143 for
 * SIGTERM), and {@code System.exit(0)} from a hook blocks forever. An orderly stop asked for
 * by the service manager or by Ctrl-C should end with status 0, so the signal only wakes the
 * main thread, which stops the services and then exits with the status it chooses.
 *
 * <p>A second signal while stopping ends the process at once (status 1), for an operator who
 * does not want to wait for the grace period.
 */
final class StopSignal {
    private static final System.Logger LOG = System.getLogger(StopSignal.class.getName());
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();

    /**
     * Handles SIGTERM and SIGINT from now on. Fails when the JVM does not let us (for example
     * when started with {@code -Xrs}); the default behaviour, an exit without a graceful stop,
     * then remains.
     */
    static StopSignal install() {
        StopSignal stop = new StopSignal();
        for (String name : SIGNALS) {
            Signal.handle(new Signal(name), stop::received);
        }
        return stop;
    }

    private void received(Signal signal) {
        if (received.getAndIncrement() == 0) {
            LOG.log(Level.INFO, "Received SIG" + signal.getName() + ", stopping");
            requested.countDown();
        } else {
            LOG.log(Level.WARNING, "Received SIG" + signal.getName() + " again, exiting without waiting");
            LogSetup.flushAll();
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    /** Blocks until a stop is asked for. */
    void await() throws InterruptedException {
        requested.await();
    }
}
