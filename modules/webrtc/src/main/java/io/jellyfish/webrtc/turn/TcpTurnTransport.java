package io.jellyfish.webrtc.turn;

import io.jellyfish.webrtc.stun.ChannelData;
import io.jellyfish.webrtc.stun.StunParseException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * TURN over plain TCP (webrtc.md 4.4, RFC 5766 without RFC 6062): STUN messages and padded
 * ChannelData frames back to back on each client's stream. Each connection is one client 5-tuple.
 *
 * <p>Threads: one acceptor; per connection a reader (the only one handling that client's frames)
 * and a writer. Senders never block on a slow client: frames go into a bounded per-connection
 * queue, and what does not fit is dropped, as a congested UDP path would drop it. Bounds: at most
 * {@code maxConnections} connections, frames up to {@link #MAX_FRAME_LENGTH}; a connection that
 * sends anything unparsable or nothing for {@link #IDLE_TIMEOUT_NANOS} is closed, alone.
 */
final class TcpTurnTransport implements TurnTransport {
    /** Chromium's frames carry DTLS records and RTP under 1500 bytes; this leaves ample room. */
    static final int MAX_FRAME_LENGTH = 16 * 1024;
    /**
     * Bytes queued towards one client before frames are dropped: about 200 ms of 2.5 Mbit/s video;
     * media later than that is better dropped than delivered.
     */
    static final int SEND_QUEUE_BYTES = 64 * 1024;
    /** Chromium sends ICE consent checks every few seconds on a used allocation. */
    static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final System.Logger LOG = System.getLogger(TcpTurnTransport.class.getName());

    private final ServerSocketChannel server;
    private final InetSocketAddress localAddress;
    private final int maxConnections;
    private final ConcurrentHashMap<InetSocketAddress, Connection> connections = new ConcurrentHashMap<>();

    private TcpTurnTransport(ServerSocketChannel server, int maxConnections) throws IOException {
        this.server = server;
        this.localAddress = (InetSocketAddress) server.getLocalAddress();
        this.maxConnections = maxConnections;
    }

    /** Binds a port of {@code ports} (usually the single JF_WEBRTC_TURN_TCP_PORT) on {@code address}. */
    static TcpTurnTransport bind(InetAddress address, TurnPortRange ports, int maxConnections) throws IOException {
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            TurnListener.bindInRange(server, address, ports);
            return new TcpTurnTransport(server, maxConnections);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public void start(Receiver receiver) {
        Thread.ofPlatform().daemon().name("turn-tcp-accept-" + localAddress.getPort()).start(() -> acceptLoop(receiver));
    }

    private void acceptLoop(Receiver receiver) {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "TCP TURN accept failed on " + localAddress, e);
                continue;
            }
            try {
                accept(channel, receiver);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "TCP TURN connection setup failed on " + localAddress, e);
                closeQuietly(channel);
            }
        }
    }

    private void accept(SocketChannel channel, Receiver receiver) throws IOException {
        if (connections.size() >= maxConnections || !(channel.getRemoteAddress() instanceof InetSocketAddress client)) {
            LOG.log(System.Logger.Level.DEBUG, "TCP TURN connection refused on " + localAddress + ": limit reached");
            closeQuietly(channel);
            return;
        }
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection connection = new Connection(channel, client, receiver);
        if (connections.putIfAbsent(client, connection) != null) {
            closeQuietly(channel);
            return;
        }
        Thread.ofVirtual().name("turn-tcp-read-" + client).start(connection::readLoop);
        Thread.ofVirtual().name("turn-tcp-write-" + client).start(connection::writeLoop);
    }

    @Override
    public boolean send(InetSocketAddress client, ByteBuffer frame) {
        Connection connection = connections.get(client);
        return connection != null && connection.enqueue(frame);
    }

    @Override
    public boolean isStream() {
        return true;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** How many clients are connected. */
    int connectionCount() {
        return connections.size();
    }

    @Override
    public void closeIdle() {
        long now = System.nanoTime();
        for (Connection connection : connections.values()) {
            if (now - connection.lastReceived > IDLE_TIMEOUT_NANOS) {
                connection.close();
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        connections.values().forEach(Connection::close);
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a TCP TURN channel failed", e);
        }
    }

    /** One client's stream: framing on read, a double-buffered queue on write. */
    private final class Connection {
        private final SocketChannel channel;
        private final InetSocketAddress client;
        private final Receiver receiver;
        private final byte[] readBuffer = new byte[MAX_FRAME_LENGTH];
        private final ByteBuffer readView = ByteBuffer.wrap(readBuffer);
        private final ReentrantLock sendLock = new ReentrantLock();
        private final Condition queued = sendLock.newCondition();
        /** Guarded by sendLock: senders append to {@code pending}; the writer swaps it with {@code writing}. */
        private ByteBuffer pending = ByteBuffer.allocate(SEND_QUEUE_BYTES);
        private ByteBuffer writing = ByteBuffer.allocate(SEND_QUEUE_BYTES);
        private boolean closed;
        private volatile long lastReceived = System.nanoTime();

        Connection(SocketChannel channel, InetSocketAddress client, Receiver receiver) {
            this.channel = channel;
            this.client = client;
            this.receiver = receiver;
        }

        void readLoop() {
            int filled = 0;
            try {
                while (true) {
                    readView.limit(readBuffer.length).position(filled);
                    int read = channel.read(readView);
                    if (read < 0) {
                        return;
                    }
                    filled += read;
                    lastReceived = System.nanoTime();
                    int start = 0;
                    for (int frame; (frame = ChannelData.streamFrameLength(readBuffer, start, filled - start)) > 0; ) {
                        receiver.receive(client, readBuffer, start, frame);
                        start += frame;
                    }
                    if (start == 0 && filled == readBuffer.length) {
                        throw new StunParseException("a frame larger than " + MAX_FRAME_LENGTH + " bytes");
                    }
                    System.arraycopy(readBuffer, start, readBuffer, 0, filled - start);
                    filled -= start;
                }
            } catch (StunParseException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing TCP TURN connection from " + client + ": " + e.getMessage());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "TCP TURN connection from " + client + " failed", e);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "TCP TURN connection from " + client + " failed", e);
            } finally {
                close();
            }
        }

        boolean enqueue(ByteBuffer frame) {
            sendLock.lock();
            try {
                if (closed || pending.remaining() < frame.remaining()) {
                    return false;
                }
                pending.put(frame);
                queued.signal();
                return true;
            } finally {
                sendLock.unlock();
            }
        }

        void writeLoop() {
            try {
                while (true) {
                    sendLock.lock();
                    try {
                        while (pending.position() == 0 && !closed) {
                            queued.await();
                        }
                        if (closed) {
                            return;
                        }
                        ByteBuffer full = pending;
                        pending = writing;
                        writing = full;
                    } finally {
                        sendLock.unlock();
                    }
                    writing.flip();
                    while (writing.hasRemaining()) {
                        channel.write(writing);
                    }
                    writing.clear();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "TCP TURN write to " + client + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        void close() {
            sendLock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                queued.signal();
            } finally {
                sendLock.unlock();
            }
            closeQuietly(channel);
            connections.remove(client, this);
            receiver.disconnected(client);
        }
    }
}
