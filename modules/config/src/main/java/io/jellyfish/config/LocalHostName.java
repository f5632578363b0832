package io.jellyfish.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's short host name, for the default node name {@code jellyfish@<host>}. */
final class LocalHostName {
    // The kernel's own name (what gethostname() returns, as Erlang's inet:gethostname()):
    // reading it needs no resolver, unlike InetAddress.getLocalHost().
    private static final Path LINUX_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    private LocalHostName() {}

    /** The host name up to its first dot. */
    static String shortName() {
        String name = fullName();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String fullName() {
        try {
            String name = Files.readString(LINUX_HOST_NAME).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | SecurityException notLinux) {
            // Fall through to the portable way.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
