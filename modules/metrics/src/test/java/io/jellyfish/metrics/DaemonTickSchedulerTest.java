package io.jellyfish.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonTickSchedulerTest {

    @Test
    void keepsTickingAfterATickFails() throws InterruptedException {
        AtomicInteger ticks = new AtomicInteger();
        CountDownLatch threeTicks = new CountDownLatch(3);
        TickScheduler.Cancellable schedule = new DaemonTickScheduler("test-tick").schedule(Duration.ofMillis(5), () -> {
            threeTicks.countDown();
            if (ticks.incrementAndGet() == 1) {
                throw new IllegalStateException("the first tick fails");
            }
        });
        try {
            assertTrue(threeTicks.await(10, TimeUnit.SECONDS), "ticks seen: " + ticks.get());
        } finally {
            schedule.cancel();
        }
    }
}
