package io.jellyfish.http.socket;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the connections' outgoing queues are drained into Jetty: a connection whose queue was
 * empty is put in line here, and one task at a time on the server's executor drains every
 * connection in line. A notification fanned out to 100 server sockets thus costs one hand-off to
 * the thread pool, not 100 (a hand-off wakes a thread; at 250 events/s x 100 sockets those wake-ups
 * were most of the fan-out's latency on a small machine). Draining never blocks (Jetty's
 * {@code sendFrame} is asynchronous), so one task keeps up with every socket; a connection is in
 * line at most once at a time (its own {@code draining} flag), so its frames keep their order.
 */
final class SendScheduler {

    private static final System.Logger LOG = System.getLogger(SendScheduler.class.getName());

    private final Executor executor;
    private final ConcurrentLinkedQueue<Connection> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SendScheduler(Executor executor) {
        this.executor = executor;
    }

    /** {@code connection} has frames to drain (and is not in line yet). Never blocks. */
    void schedule(Connection connection) {
        ready.add(connection);
        if (scheduled.compareAndSet(false, true)) {
            start();
        }
    }

    private void start() {
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            LOG.log(Level.DEBUG, "server stopping: socket sends dropped");
        }
    }

    private void run() {
        while (true) {
            Connection connection;
            while ((connection = ready.poll()) != null) {
                try {
                    connection.drain();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "draining a socket failed", e);
                }
            }
            scheduled.set(false);
            // A connection put in line after the last poll but before the flag was cleared
            // did not start a task: take it on unless another task already did.
            if (ready.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Runs {@code task} on the server's executor (work that may block briefly, e.g. a room call). */
    void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "server stopping: socket task dropped");
        }
    }
}
