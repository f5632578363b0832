package io.jellyfish.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Adapts BouncyCastle's blocking {@link DatagramTransport} to a push model: the ICE/TURN layer
 * pushes datagrams in with {@link #deliver}, BouncyCastle's handshake thread pulls them out;
 * what BouncyCastle sends goes straight to the caller's output.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    /** Larger than any datagram that fits an Ethernet MTU; bigger ones are dropped on delivery. */
    static final int RECEIVE_LIMIT = 2048;
    /** A handshake flight is a handful of datagrams; the bound stops a flood from piling up. */
    private static final int QUEUE_CAPACITY = 64;
    private static final byte[] WAKE_UP = new byte[0];

    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Consumer<byte[]> output;
    private final int sendLimit;
    private volatile boolean aborted;
    private volatile boolean outputClosed;

    QueuedDatagramTransport(Consumer<byte[]> output, int sendLimit) {
        this.output = output;
        this.sendLimit = sendLimit;
    }

    /** Queues a copy of the datagram; silently drops it if the queue is full or too large. */
    void deliver(byte[] datagram, int off, int len) {
        if (len <= RECEIVE_LIMIT && !aborted) {
            inbound.offer(Arrays.copyOfRange(datagram, off, off + len));
        }
    }

    /** Makes a blocked {@link #receive} return early (as a timeout) so its caller re-checks state. */
    void wakeUp() {
        inbound.offer(WAKE_UP);
    }

    /** Makes every further receive fail, which aborts a handshake in progress; output stops too. */
    void abort() {
        aborted = true;
        outputClosed = true;
        inbound.clear();
        inbound.offer(WAKE_UP);
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        byte[] datagram;
        try {
            datagram = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
        }
        if (aborted) {
            throw new IOException("DTLS session closed");
        }
        if (datagram == null || datagram == WAKE_UP) {
            return -1;
        }
        int length = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, length);
        return length;
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (!outputClosed) {
            output.accept(Arrays.copyOfRange(buf, off, off + len));
        }
    }

    /** Called by BouncyCastle once the DTLS connection is closed (after any close_notify went out). */
    @Override
    public void close() {
        outputClosed = true;
    }
}
