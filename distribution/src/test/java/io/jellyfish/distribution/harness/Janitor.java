package io.jellyfish.distribution.harness;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the tests start outside this JVM (server processes, tshark, dnsmasq) and every
 * change to the machine (network namespaces, a bridge, /etc/netns folders) is registered here.
 * Tests clean up in @AfterEach/@AfterAll; a JVM shutdown hook cleans whatever is still
 * registered, so a crashed or interrupted run (Ctrl-C on mvn, a timeout) leaves nothing behind.
 */
public final class Janitor {
    private static final Map<Long, ProcessHandle> PROCESSES = new LinkedHashMap<>();
    private static final Deque<Task> TASKS = new ArrayDeque<>();
    private static boolean hooked;

    /** A clean-up action that must run exactly once, here or in the shutdown hook. */
    public interface Task {
        void run() throws Exception;
    }

    /** A registered clean-up action; {@link #close()} runs it now (once) and unregisters it. */
    public static final class Registration implements AutoCloseable {
        private final String name;
        private final Task task;
        private boolean done;

        private Registration(String name, Task task) {
            this.name = name;
            this.task = task;
        }

        /** Unregisters the action without running it. */
        public void cancel() {
            synchronized (Janitor.class) {
                done = true;
                TASKS.removeIf(t -> t == task);
            }
        }

        @Override
        public void close() {
            synchronized (Janitor.class) {
                if (done) {
                    return;
                }
                done = true;
                TASKS.removeIf(t -> t == task);
            }
            runQuietly(name, task);
        }
    }

    private Janitor() {
    }

    /** Registers a child process: killed (with its descendants) at JVM exit if still alive. */
    public static synchronized void track(Process process) {
        hook();
        PROCESSES.put(process.pid(), process.toHandle());
    }

    public static synchronized void untrack(Process process) {
        PROCESSES.remove(process.pid());
    }

    /** Registers a clean-up action; run it by closing the registration. Actions run last-in first-out at exit. */
    public static synchronized Registration register(String name, Task task) {
        hook();
        TASKS.push(task);
        return new Registration(name, task);
    }

    /** SIGKILL to the process and all its descendants, then waits for it. */
    public static void kill(Process process) {
        if (process == null) {
            return;
        }
        killTree(process.toHandle());
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        untrack(process);
    }

    public static void killTree(ProcessHandle handle) {
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Deletes a directory tree, ignoring what is already gone. */
    public static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void hook() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(Janitor::cleanAll, "jellyfish-it-janitor"));
        }
    }

    private static void cleanAll() {
        List<ProcessHandle> processes;
        List<Task> tasks;
        synchronized (Janitor.class) {
            processes = List.copyOf(PROCESSES.values());
            PROCESSES.clear();
            tasks = List.copyOf(TASKS);
            TASKS.clear();
        }
        for (ProcessHandle process : processes) {
            killTree(process);
        }
        for (Task task : tasks) {
            runQuietly("clean-up at exit", task);
        }
    }

    private static void runQuietly(String name, Task task) {
        try {
            task.run();
        } catch (Exception e) {
            System.err.println("jellyfish-it: " + name + " failed: " + e);
        }
    }
}
