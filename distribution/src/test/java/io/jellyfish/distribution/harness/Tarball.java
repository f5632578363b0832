package io.jellyfish.distribution.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distribution tarball, unpacked with the system tar as a user does it. */
public final class Tarball {
    public static final Path FILE = Path.of(System.getProperty("jellyfish.tarball", "target/jellyfish-0.5.0.tar.gz"));
    private static Path shared;

    private Tarball() {
    }

    /**
     * One unpacked installation shared by the nodes of every test that does not change it
     * (each node gets its own working directory); removed when the JVM exits.
     */
    public static synchronized Path shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("jellyfish-cluster-it-home-");
            Janitor.register("remove " + dir, () -> Janitor.deleteTree(dir));
            shared = unpack(dir);
        }
        return shared;
    }

    /** Unpacks the tarball into {@code directory}; returns the installation (jellyfish-0.5.0/). */
    public static Path unpack(Path directory) throws IOException {
        assertTrue(Files.isRegularFile(FILE), "no tarball at " + FILE.toAbsolutePath() + ": run mvn package first");
        Shell.Result tar = Shell.run("tar", "-xzf", FILE.toAbsolutePath().toString(), "-C", directory.toString());
        assertTrue(tar.ok(), "tar failed: " + tar.output());
        Path home = directory.resolve("jellyfish-0.5.0").toRealPath();
        assertTrue(Files.isExecutable(home.resolve("bin/jellyfish")), "no bin/jellyfish in " + home);
        return home;
    }
}
