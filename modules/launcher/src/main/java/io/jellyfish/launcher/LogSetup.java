package io.jellyfish.launcher;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sets up java.util.logging, the backend of every {@link System.Logger} in the process: one
 * handler writing to stdout, root level INFO (or the level of the {@code jellyfish.log.level}
 * system property), Jetty, Jersey and HK2 quietened to WARNING.
 *
 * <p>The format (plain or JSON) is only known once the configuration has been read, and
 * reading it may already log. So the handler holds what it receives until {@link #activate}
 * picks the format, then writes the held records first, in order.
 */
final class LogSetup {
    /** Libraries whose INFO lines describe their own machinery, not the server's. */
    static final List<String> QUIET_LOGGERS = List.of(
            "org.eclipse.jetty", "org.glassfish.jersey", "org.glassfish.hk2", "org.jvnet.hk2", "org.jgroups");

    /**
     * Jersey warnings that describe its internals, not a problem: resources registered as ready
     * instances ("does not implement any provider interfaces"), and the optional
     * jakarta.activation provider this server has no use for. Errors still show.
     */
    static final List<String> SEVERE_ONLY_LOGGERS = List.of(
            "org.glassfish.jersey.internal.inject.Providers", "org.glassfish.jersey.message.internal.MessagingBinders");

    /** Jersey logs, as errors with stack traces, responses it could not finish writing. */
    static final String JERSEY_RESPONDER = "org.glassfish.jersey.server.ServerRuntime$Responder";

    /**
     * A client closing its connection before reading the whole response is the client's choice,
     * not a server error: such records are dropped unless debug logging is on.
     */
    static boolean notAClientThatWentAway(LogRecord record) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t.getClass().getName().equals("org.eclipse.jetty.io.EofException")
                    || message.contains("Broken pipe") || message.contains("Connection reset")) {
                return Logger.getLogger("").isLoggable(Level.FINE);
            }
        }
        return true;
    }

    /** JUL holds loggers weakly: a level set on a logger nobody references is lost at the next GC. */
    private static final List<Logger> PINNED = new ArrayList<>();

    private final StdoutHandler handler;

    private LogSetup(StdoutHandler handler) {
        this.handler = handler;
    }

    /** Replaces any JUL configuration with ours. */
    static LogSetup install(PrintStream out, Level rootLevel) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(rootLevel);
        StdoutHandler handler = new StdoutHandler(out);
        root.addHandler(handler);
        synchronized (PINNED) {
            PINNED.clear();
            PINNED.add(root);
            for (String name : QUIET_LOGGERS) {
                Logger logger = Logger.getLogger(name);
                logger.setLevel(Level.WARNING);
                PINNED.add(logger);
            }
            for (String name : SEVERE_ONLY_LOGGERS) {
                Logger logger = Logger.getLogger(name);
                logger.setLevel(Level.SEVERE);
                PINNED.add(logger);
            }
            Logger responder = Logger.getLogger(JERSEY_RESPONDER);
            responder.setFilter(LogSetup::notAClientThatWentAway);
            PINNED.add(responder);
        }
        return new LogSetup(handler);
    }

    /** Writes out every queued log line (before the process exits). */
    static void flushAll() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.flush();
        }
    }

    /** Picks the format and writes the records held so far. */
    void activate(boolean structured) {
        handler.activate(new LogFormatter(structured));
    }

    /**
     * The root level named by {@code value}: {@code error}, {@code warning}, {@code info} or
     * {@code debug} (any case); INFO when it is null or anything else.
     */
    static Level level(String value) {
        if (value == null) {
            return Level.INFO;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warning" -> Level.WARNING;
            case "debug" -> Level.FINE;
            case "trace", "all" -> Level.ALL;
            default -> Level.INFO;
        };
    }

    /**
     * Formats each record on the logging thread, then hands the line to one writer thread that
     * prints in batches and flushes whenever it has caught up. Request threads therefore never
     * queue behind each other's console writes (measured: a synchronized print-and-flush per
     * record was the main source of tail latency under load). The queue is bounded; when it is
     * full, logging threads wait rather than lose lines. {@link #flush()} and {@link #close()}
     * write out everything queued.
     */
    static final class StdoutHandler extends Handler {
        /** Bound on the records held before activation; nothing logs that much that early. */
        private static final int MAX_HELD = 1_000;
        private static final int QUEUE_CAPACITY = 16_384;

        private final PrintStream out;
        private final Deque<LogRecord> held = new ArrayDeque<>();
        private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        /** Held while lines leave the queue and are printed, so they are printed in queue order. */
        private final Object printLock = new Object();
        private volatile boolean active;

        StdoutHandler(PrintStream out) {
            this.out = out;
            setLevel(Level.ALL);
            Thread writer = new Thread(this::writeLoop, "jellyfish-log-writer");
            writer.setDaemon(true);
            writer.start();
        }

        synchronized void activate(LogFormatter formatter) {
            setFormatter(formatter);
            while (!held.isEmpty()) {
                enqueue(held.removeFirst());
            }
            active = true;
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            if (!active) {
                synchronized (this) {
                    if (!active) {
                        if (held.size() < MAX_HELD) {
                            held.addLast(record);
                        }
                        return;
                    }
                }
            }
            enqueue(record);
        }

        private void enqueue(LogRecord record) {
            String line;
            try {
                line = getFormatter().format(record);
            } catch (RuntimeException e) {
                reportError(null, e, ErrorManager.FORMAT_FAILURE);
                return;
            }
            try {
                lines.put(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (printLock) {
                    out.print(line);
                    out.flush();
                }
            }
        }

        private void writeLoop() {
            List<String> batch = new ArrayList<>();
            while (true) {
                synchronized (printLock) {
                    try {
                        String first = lines.poll(100, TimeUnit.MILLISECONDS);
                        if (first == null) {
                            continue;
                        }
                        batch.add(first);
                    } catch (InterruptedException e) {
                        return;
                    }
                    lines.drainTo(batch);
                    for (String line : batch) {
                        out.print(line);
                    }
                    out.flush();
                    batch.clear();
                }
            }
        }

        @Override
        public void flush() {
            synchronized (printLock) {
                List<String> rest = new ArrayList<>();
                lines.drainTo(rest);
                for (String line : rest) {
                    out.print(line);
                }
                out.flush();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
