package io.jellyfish.engine;

import java.time.Duration;
import java.util.PriorityQueue;

/** A virtual clock: time moves only when a test calls {@link #advance}, and due tasks run then, in order. */
final class ManualScheduler implements Scheduler {

    private record Task(long dueNanos, long sequence, Runnable action, boolean[] cancelled) {}

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.sequence, b.sequence));
    private long now;
    private long sequence;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable action) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + delay.toNanos(), sequence++, action, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward by {@code by}, running every task that falls due on the way. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.dueNanos > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.dueNanos;
            }
            if (!next.cancelled[0]) {
                next.action.run();
            }
        }
    }

    void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }
}
