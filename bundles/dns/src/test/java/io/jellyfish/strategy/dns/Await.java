package io.jellyfish.strategy.dns;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition by polling it until a deadline; tests never sleep for a fixed time. */
final class Await {
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    private Await() {}

    static void await(BooleanSupplier condition, Duration timeout, Supplier<String> whatWasExpected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + timeout + ": " + whatWasExpected.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
