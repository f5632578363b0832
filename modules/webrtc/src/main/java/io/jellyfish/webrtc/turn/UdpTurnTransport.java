package io.jellyfish.webrtc.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/** One UDP socket: each datagram is one STUN message or ChannelData; one receiver thread. */
final class UdpTurnTransport implements TurnTransport {
    private static final System.Logger LOG = System.getLogger(UdpTurnTransport.class.getName());
    /** The largest UDP payload: nothing a client sends can be truncated. */
    private static final int BUFFER_SIZE = 65536;

    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(BUFFER_SIZE);

    private UdpTurnTransport(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    /** Binds a free port of {@code ports} on {@code address}. */
    static UdpTurnTransport bind(InetAddress address, TurnPortRange ports) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            TurnListener.bindInRange(channel, address, ports);
            return new UdpTurnTransport(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void start(Receiver receiver) {
        Thread thread = new Thread(() -> receiveLoop(receiver), "turn-udp-" + localAddress.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    private void receiveLoop(Receiver receiver) {
        byte[] bytes = receiveBuffer.array();
        while (channel.isOpen()) {
            SocketAddress source;
            receiveBuffer.clear();
            try {
                source = channel.receive(receiveBuffer);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "TURN receive failed on " + localAddress, e);
                continue;
            }
            if (source instanceof InetSocketAddress client) {
                receiver.receive(client, bytes, 0, receiveBuffer.position());
            }
        }
    }

    @Override
    public boolean send(InetSocketAddress client, ByteBuffer frame) {
        try {
            channel.send(frame, client);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "TURN send to " + client + " failed", e);
            return false;
        }
    }

    @Override
    public boolean isStream() {
        return false;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing TURN socket " + localAddress, e);
        }
    }
}
