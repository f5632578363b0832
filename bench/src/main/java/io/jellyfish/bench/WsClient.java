package io.jellyfish.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client WebSocket of {@link SocketBench} on the JDK's {@link java.net.http.WebSocket} (all
 * clients share one {@link HttpClient}, so one selector thread does the I/O): whole binary
 * messages go to {@link #onMessage} with the {@code System.nanoTime()} at which their last
 * fragment arrived; pongs, the close and errors are recorded. Pings from the server are answered
 * by the JDK itself. Callbacks of one socket run one at a time, in order.
 */
abstract class WsClient implements WebSocket.Listener {

    private volatile WebSocket socket;
    private volatile int closeCode = -1;
    private volatile String closeReason;
    private volatile Throwable error;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicLong pongs = new AtomicLong();
    private final AtomicLong textMessages = new AtomicLong();
    private byte[] partial;
    private int partialLength;

    /** The socket is open: send the first frame. */
    protected abstract void onOpened(WebSocket webSocket);

    /** A whole binary message, received at {@code arrivalNanos}. */
    protected abstract void onMessage(WebSocket webSocket, byte[] message, long arrivalNanos);

    /** Opens {@code uri} with this listener; completes when the upgrade is done. */
    CompletableFuture<WebSocket> open(HttpClient client, URI uri, Duration connectTimeout) {
        return client.newWebSocketBuilder().connectTimeout(connectTimeout).buildAsync(uri, this);
    }

    WebSocket socket() {
        return socket;
    }

    /** Whether the socket was closed (by either side) or failed. */
    boolean isEnded() {
        return ended.isDone();
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }

    Throwable error() {
        return error;
    }

    long pongs() {
        return pongs.get();
    }

    long textMessages() {
        return textMessages.get();
    }

    /** What happened to the socket, for messages: "open", "closed 1000 reason", "failed: ...". */
    String state() {
        if (error != null) {
            return "failed: " + error;
        }
        return closeCode >= 0 ? "closed " + closeCode + " " + closeReason : "open";
    }

    /** Sends a ping with an empty payload; the pong is counted by {@link #pongs()}. */
    CompletableFuture<WebSocket> ping() {
        return socket.sendPing(ByteBuffer.allocate(0));
    }

    /** A normal close from this side, or an abort when that fails. */
    void close() {
        WebSocket ws = socket;
        if (ws == null || ended.isDone()) {
            return;
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> {
            ws.abort();
            return ws;
        });
    }

    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        ended.complete(null);
    }

    @Override
    public final void onOpen(WebSocket webSocket) {
        socket = webSocket;
        onOpened(webSocket);
        webSocket.request(1);
    }

    @Override
    public final CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        long now = System.nanoTime();
        if (last && partial == null) {
            byte[] message = new byte[data.remaining()];
            data.get(message);
            onMessage(webSocket, message, now);
        } else {
            if (partial == null) {
                partial = new byte[Math.max(256, data.remaining() * 2)];
                partialLength = 0;
            }
            if (partialLength + data.remaining() > partial.length) {
                partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + data.remaining()));
            }
            int n = data.remaining();
            data.get(partial, partialLength, n);
            partialLength += n;
            if (last) {
                byte[] message = Arrays.copyOf(partial, partialLength);
                partial = null;
                onMessage(webSocket, message, now);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public final CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last) {
            textMessages.incrementAndGet();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public final CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public final CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        closeReason = reason;
        ended.complete(null);
        return null; // the JDK answers the close handshake
    }

    @Override
    public final void onError(WebSocket webSocket, Throwable failure) {
        error = failure;
        ended.complete(null);
    }
}
