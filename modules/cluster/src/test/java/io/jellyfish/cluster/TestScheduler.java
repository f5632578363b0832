package io.jellyfish.cluster;

import io.jellyfish.engine.Scheduler;

import java.time.Duration;

/** Rooms in these tests never use timers. */
final class TestScheduler implements Scheduler {
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return () -> { };
    }
}
