package io.jellyfish.metrics;

import java.time.Duration;

/** A tick scheduler the test fires by hand: each {@link #fire()} is one tick. */
final class ManualTickScheduler implements TickScheduler {

    private Duration interval;
    private Runnable tick;
    private boolean cancelled;

    @Override
    public Cancellable schedule(Duration interval, Runnable tick) {
        this.interval = interval;
        this.tick = tick;
        return () -> cancelled = true;
    }

    void fire() {
        if (cancelled) {
            throw new IllegalStateException("the schedule was cancelled");
        }
        tick.run();
    }

    Duration interval() {
        return interval;
    }

    boolean cancelled() {
        return cancelled;
    }
}
