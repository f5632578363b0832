package io.jellyfish.metrics;

import java.time.Duration;

/**
 * Calls the room tick periodically. Production uses {@link DaemonTickScheduler}; tests pass one
 * they fire by hand, so no test waits for a clock.
 */
@FunctionalInterface
interface TickScheduler {

    /** Calls {@code tick} every {@code interval}, the first time one interval from now, until cancelled. */
    Cancellable schedule(Duration interval, Runnable tick);

    /** Stops a schedule. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
