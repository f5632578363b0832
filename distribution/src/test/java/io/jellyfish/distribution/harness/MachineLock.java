package io.jellyfish.distribution.harness;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * These tests use fixed, machine-wide resources: cluster port ranges on loopback, the
 * namespaces jft1..3, the bridge jfbrt0, 10.231.7.0/24. Two builds running them at the same
 * time on one machine (two developers' `mvn verify`) would join each other's clusters or tear
 * down each other's namespaces. Each test class therefore holds an exclusive lock on
 * {@value #FILE} while it runs; a second run waits for it (the OS releases the lock if the
 * holder dies). Use with {@code @ExtendWith(MachineLock.class)}.
 */
public final class MachineLock implements BeforeAllCallback, AfterAllCallback {
    public static final String FILE = "/tmp/jellyfish-cluster-it.lock";
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MachineLock.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        FileChannel channel = FileChannel.open(Path.of(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            System.out.println("jellyfish-it: another run of the cluster tests holds " + FILE + "; waiting for it");
            lock = Poll.until(WAIT, "the other run of the cluster tests releasing " + FILE,
                    () -> Optional.ofNullable(channel.tryLock()), () -> "still held", () -> "");
        }
        context.getStore(NAMESPACE).put("lock", lock);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        FileLock lock = context.getStore(NAMESPACE).remove("lock", FileLock.class);
        if (lock != null) {
            lock.release();
            lock.channel().close();
        }
    }
}
