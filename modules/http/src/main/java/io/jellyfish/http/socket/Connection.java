package io.jellyfish.http.socket;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What the peer and server sockets share, on Jetty's core WebSocket API: whole messages assembled
 * from frames (bounded), a frame-rate bound, the receive-idle timeout, pings after
 * authentication, and the outgoing queue.
 *
 * <p>Incoming frames are handled one at a time on Jetty's thread: the next one is demanded only
 * after the previous one was handled, so messages are processed in order.
 *
 * <p>Outgoing frames never touch Jetty on the caller's thread: {@link #send} and
 * {@link #closeWith} may be called by a room holding its lock, so they only append to this
 * connection's bounded queue; a connection whose queue was empty is put in line with the
 * {@link SendScheduler}, whose one task drains every connection in line into Jetty's asynchronous
 * {@code sendFrame} on the server's executor (one hand-off per fan-out, not one per socket). The
 * server socket, whose end touches no room, instead hands a message to Jetty's non-blocking
 * {@code sendFrame} on the caller's thread when its queue is empty ({@link #sendsOnCallersThread}). A
 * frame counts against the bound until Jetty reports it written; a client that does not read is
 * closed with 1008, never waited for.
 */
abstract class Connection implements FrameHandler {

    static final int NORMAL = CloseStatus.NORMAL;
    static final int UNSUPPORTED_DATA = CloseStatus.BAD_DATA;
    static final int POLICY_VIOLATION = CloseStatus.POLICY_VIOLATION;
    static final int MESSAGE_TOO_LARGE = CloseStatus.MESSAGE_TOO_LARGE;
    static final int SERVER_ERROR = CloseStatus.SERVER_ERROR;
    static final int GOING_AWAY = CloseStatus.SHUTDOWN;

    /** WebSocket limits a close reason to 123 bytes of UTF-8. */
    private static final int MAX_REASON_BYTES = 123;

    protected final System.Logger log = System.getLogger(getClass().getName());
    protected final SocketSettings settings;
    private final SendScheduler sends;
    private final ScheduledExecutorService timers;
    private final Consumer<Connection> onEnd;

    private volatile CoreSession session;
    private volatile long lastReceivedNanos = System.nanoTime();
    private ScheduledFuture<?> idleCheck;
    private ScheduledFuture<?> pings;

    // Incoming message assembly and rate bound: touched only by the frame-handling thread.
    private byte messageType = OpCode.UNDEFINED;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private double tokens;
    private long tokensAtNanos = System.nanoTime();

    // Outgoing queue, guarded by itself.
    private final ArrayDeque<Object> outgoing = new ArrayDeque<>();
    private int queuedFrames;
    private long queuedBytes;
    private boolean draining;
    private boolean closing;
    private final AtomicBoolean ended = new AtomicBoolean();

    /** @param onEnd called once when the connection is gone, whatever the cause */
    Connection(SocketSettings settings, SendScheduler sends, ScheduledExecutorService timers, Consumer<Connection> onEnd) {
        this.settings = settings;
        this.sends = sends;
        this.timers = timers;
        this.onEnd = onEnd;
        this.tokens = settings.messageBurst();
    }

    // ---- what the two sockets implement -----------------------------------------------------

    /** A complete binary message. */
    protected abstract void onBinaryMessage(byte[] data);

    /** A complete text message. */
    protected abstract void onTextMessage();

    /** The connection is closing or closed (called once, never under a room's lock). */
    protected abstract void onClosing();

    // ---- FrameHandler -------------------------------------------------------------------------

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        this.session = coreSession;
        scheduleIdleCheck(settings.idleTimeout().toNanos());
        callback.succeeded();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        lastReceivedNanos = System.nanoTime();
        byte opCode = frame.getOpCode();
        if (opCode == OpCode.CLOSE) {
            // Jetty answers the close handshake once this callback completes.
            callback.succeeded();
            return;
        }
        try {
            if (!isClosing() && opCode != OpCode.PONG && !takeToken()) {
                closeWith(POLICY_VIOLATION, "message rate limit exceeded");
            } else if (!isClosing()) {
                handleFrame(frame);
            }
        } catch (RuntimeException e) {
            log.log(Level.ERROR, "socket handler failed", e);
            closeWith(SERVER_ERROR, null);
        }
        callback.succeeded();
        session.demand();
    }

    private void handleFrame(Frame frame) {
        switch (frame.getOpCode()) {
            case OpCode.PING -> enqueue(new Frame(OpCode.PONG, true, copy(frame.getPayload())), true);
            case OpCode.PONG -> {
                // liveness only: receiving it already reset the idle timeout
            }
            case OpCode.TEXT, OpCode.BINARY -> {
                messageType = frame.getOpCode();
                message.reset();
                append(frame);
            }
            case OpCode.CONTINUATION -> {
                if (messageType == OpCode.UNDEFINED) {
                    closeWith(CloseStatus.PROTOCOL, "continuation without a message");
                    return;
                }
                append(frame);
            }
            default -> closeWith(CloseStatus.PROTOCOL, "unknown opcode");
        }
    }

    private void append(Frame frame) {
        ByteBuffer payload = frame.getPayload();
        int length = payload == null ? 0 : payload.remaining();
        if ((long) message.size() + length > settings.maxMessageBytes()) {
            messageType = OpCode.UNDEFINED;
            message.reset();
            closeWith(MESSAGE_TOO_LARGE, "message too big");
            return;
        }
        if (length > 0) {
            byte[] bytes = new byte[length];
            payload.slice().get(bytes);
            message.writeBytes(bytes);
        }
        if (frame.isFin()) {
            byte type = messageType;
            messageType = OpCode.UNDEFINED;
            if (type == OpCode.BINARY) {
                byte[] data = message.toByteArray();
                message.reset();
                onBinaryMessage(data);
            } else {
                message.reset();
                onTextMessage();
            }
        }
    }

    private boolean takeToken() {
        long now = System.nanoTime();
        tokens = Math.min(settings.messageBurst(), tokens + (now - tokensAtNanos) * settings.messagesPerSecond() / 1e9);
        tokensAtNanos = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        log.log(Level.DEBUG, "socket error: {0}", cause.toString());
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        try {
            end();
        } finally {
            callback.succeeded();
        }
    }

    // ---- timers -----------------------------------------------------------------------------

    private void scheduleIdleCheck(long delayNanos) {
        synchronized (outgoing) {
            if (closing) {
                return;
            }
            try {
                idleCheck = timers.schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the server is stopping and closes every socket itself
            }
        }
    }

    private void checkIdle() {
        long idle = System.nanoTime() - lastReceivedNanos;
        long timeout = settings.idleTimeout().toNanos();
        if (idle >= timeout) {
            // websockets-and-notifications.md 1: code 1000, empty reason.
            closeWith(NORMAL, null);
        } else {
            scheduleIdleCheck(timeout - idle);
        }
    }

    /** Starts the ping schedule of section 1: an empty ping every interval, the first one an interval from now. */
    protected final void startPings() {
        long period = settings.pingInterval().toNanos();
        synchronized (outgoing) {
            if (closing) {
                return;
            }
            try {
                pings = timers.scheduleAtFixedRate(() -> enqueue(new Frame(OpCode.PING), true), period, period,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the server is stopping and closes every socket itself
            }
        }
    }

    // ---- outgoing -----------------------------------------------------------------------------

    /** Queues one binary message; never blocks. Dropped once the connection is closing. */
    protected final void send(byte[] data) {
        enqueue(new Frame(OpCode.BINARY, true, ByteBuffer.wrap(data)), false);
    }

    /**
     * Runs {@code action} holding the outgoing queue's lock, so that nothing another thread sends to
     * this connection meanwhile is queued before what {@code action} sends. {@code action} must not
     * block or take a room's lock.
     */
    protected final void atomically(Runnable action) {
        synchronized (outgoing) {
            action.run();
        }
    }

    private void enqueue(Frame frame, boolean control) {
        int length = frame.getPayloadLength();
        boolean direct;
        synchronized (outgoing) {
            if (closing) {
                return;
            }
            if (!control && (queuedFrames >= settings.maxQueuedFrames() || queuedBytes + length > settings.maxQueuedBytes())) {
                log.log(Level.WARNING, "closing a socket that does not read what it is sent ({0} frames, {1} bytes waiting)",
                        queuedFrames, queuedBytes);
                overflow();
                return;
            }
            queuedFrames++;
            queuedBytes += length;
            outgoing.add(frame);
            if (draining) {
                return;
            }
            draining = true;
            direct = !control && session != null && sendsOnCallersThread();
        }
        if (direct) {
            // The queue was empty: hand the frame to Jetty now, no thread hand-off (see sendsOnCallersThread).
            drain();
        } else {
            sends.schedule(this);
        }
    }

    /**
     * Whether {@link #send} may hand frames to Jetty on the caller's thread when nothing is
     * queued (and only queue otherwise). Jetty's {@code sendFrame} never blocks (a frame the socket
     * cannot take yet waits in Jetty, counted against this connection's bound), but a failed write
     * may end the connection on that thread: only a connection whose {@link #onClosing} is safe
     * under a room's lock (it calls no room) may say yes.
     */
    protected boolean sendsOnCallersThread() {
        return false;
    }

    /** Called with the queue's lock held. */
    private void overflow() {
        closeLocked(POLICY_VIOLATION, "client too slow");
    }

    /**
     * Closes the connection with a code and a reason ({@code null} for none), after the frames
     * already queued for a normal close (1000/1001), dropping them for an error close. Idempotent:
     * only the first call counts. Never blocks; safe under a room's lock.
     */
    protected final void closeWith(int code, String reason) {
        synchronized (outgoing) {
            closeLocked(code, reason);
        }
    }

    private void closeLocked(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        cancelTimers();
        CloseStatus status = new CloseStatus(code, truncate(reason));
        if (code != NORMAL && code != GOING_AWAY) {
            outgoing.clear();
        }
        outgoing.add(status);
        boolean start = !draining;
        draining = true;
        // Listeners (the room, subscriptions) let go now, on another thread: the caller may hold a room's lock.
        sends.execute(this::end);
        if (start) {
            sends.schedule(this);
        }
    }

    protected final boolean isClosing() {
        synchronized (outgoing) {
            return closing;
        }
    }

    /**
     * Hands every queued frame to Jetty (non-blocking); run by whoever set {@code draining}: the
     * {@link SendScheduler}, or the sender itself (see {@link #sendsOnCallersThread}).
     */
    void drain() {
        while (true) {
            Object next;
            synchronized (outgoing) {
                next = outgoing.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            CoreSession coreSession = session;
            if (next instanceof CloseStatus status) {
                coreSession.close(status, Callback.NOOP);
            } else {
                Frame frame = (Frame) next;
                int length = frame.getPayloadLength();
                coreSession.sendFrame(frame, Callback.from(() -> written(length), failure -> written(length)), false);
            }
        }
    }

    private void written(int length) {
        synchronized (outgoing) {
            queuedFrames--;
            queuedBytes -= length;
        }
    }

    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        synchronized (outgoing) {
            closing = true;
            cancelTimers();
        }
        try {
            onClosing();
        } finally {
            onEnd.accept(this);
        }
    }

    private void cancelTimers() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        if (pings != null) {
            pings.cancel(false);
        }
    }

    /** The first 123 bytes of {@code reason} that are whole UTF-8 characters. */
    static String truncate(String reason) {
        if (reason == null) {
            return null;
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static ByteBuffer copy(ByteBuffer payload) {
        if (payload == null) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.slice()).flip();
        return copy;
    }
}
