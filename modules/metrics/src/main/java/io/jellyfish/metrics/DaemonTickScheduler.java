package io.jellyfish.metrics;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs each schedule on its own daemon thread, at a fixed rate so ticks stay relative to start-up. */
final class DaemonTickScheduler implements TickScheduler {

    private static final System.Logger LOG = System.getLogger(DaemonTickScheduler.class.getName());

    private final String threadName;

    DaemonTickScheduler(String threadName) {
        this.threadName = threadName;
    }

    @Override
    public Cancellable schedule(Duration interval, Runnable tick) {
        long periodNanos = interval.toNanos();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(() -> runGuarded(tick), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        return executor::shutdownNow;
    }

    /** A periodic task that throws is never run again, which would freeze the room gauges for good. */
    private static void runGuarded(Runnable tick) {
        try {
            tick.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Room metrics tick failed; the next tick runs as scheduled", e);
        }
    }
}
