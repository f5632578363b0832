package io.jellyfish.engine;

import java.time.Duration;

/**
 * Time as the engine sees it: a monotonic clock and one-shot timers. Injected so that tests
 * advance a virtual clock instead of sleeping.
 */
public interface Scheduler {

    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off. Cancelling twice, or after it ran, is harmless. */
    interface Cancellable {
        void cancel();
    }
}
