package io.jellyfish.distribution.harness;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polling with a deadline: the only way these tests wait for something to happen. */
public final class Poll {
    public static final Duration INTERVAL = Duration.ofMillis(150);

    private Poll() {
    }

    /** A probe that either has its answer or says what it saw instead. */
    public interface Probe<T> {
        /** The answer, or empty to poll again. May throw: that counts as "not yet" and is reported. */
        Optional<T> probe() throws Exception;
    }

    /**
     * Calls {@code probe} until it answers or {@code timeout} passes, then fails with
     * {@code what}, the last exception or state seen, and {@code diagnostics}.
     */
    public static <T> T until(Duration timeout, String what, Probe<T> probe, Supplier<String> lastSeen, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastError = null;
        while (true) {
            try {
                Optional<T> answer = probe.probe();
                if (answer.isPresent()) {
                    return answer.get();
                }
                lastError = null;
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                String seen = lastError != null ? lastError.toString() : lastSeen.get();
                return fail(what + " did not happen within " + timeout.toMillis() + " ms (last seen: " + seen + ")\n"
                        + diagnostics.get());
            }
            park(INTERVAL);
        }
    }

    /** Waits {@code duration} without Thread.sleep (no interrupt handling needed by callers). */
    public static void park(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
