package io.jellyfish.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real WebSocket client (the JDK's) that records what the server sends: whole binary messages
 * in order, pings, and how the server closed the connection. Reading can be paused, to play a
 * client too slow for what it is sent.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    /** How the connection ended: a close frame from the server (code, reason) or an error (code -1). */
    record Close(int code, String reason) {}

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final AtomicInteger pings = new AtomicInteger();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile boolean reading;
    private WebSocket socket;

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    static WsClient connect(URI uri) {
        return connect(uri, Map.of(), true);
    }

    static WsClient connect(URI uri, Map<String, String> headers, boolean reading) {
        WsClient client = new WsClient(reading);
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        // A refused upgrade fails with a CompletionException caused by a WebSocketHandshakeException.
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(reading ? 1 : 0);
    }

    /** Stops reading after the message being read: the server's frames pile up in the network. */
    void pause() {
        reading = false;
    }

    /** Starts reading (again), for a client that was paused. */
    void resume() {
        reading = true;
        socket.request(Long.MAX_VALUE / 2);
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.writeBytes(bytes);
        if (last) {
            messages.add(partial.toByteArray());
            partial.reset();
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        throw new AssertionError("the server never sends text frames: " + data);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
    }

    void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    void sendBinaryIgnoringFailure(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).exceptionally(e -> null).join();
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next binary message, waiting at most {@code timeout}; null if none came. */
    byte[] next(Duration timeout) {
        try {
            return messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next binary message; fails if none comes within 5 s. */
    byte[] next() {
        byte[] message = next(Duration.ofSeconds(5));
        if (message == null) {
            throw new AssertionError("no message within 5 s" + (closed.isDone() ? "; closed " + closed.join() : ""));
        }
        return message;
    }

    /** How the server closed the connection; fails if it does not within 5 s. */
    Close awaitClose() {
        return awaitClose(Duration.ofSeconds(5));
    }

    Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + timeout, e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        socket.abort();
    }
}
