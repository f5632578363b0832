package io.jellyfish.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The forwarding benchmark's baseline: a plain UDP relay with the SFU's shape and none of its
 * work. Like the server, it has one UDP socket per peer and one thread per publishing socket; each
 * datagram a publisher sends is written, unchanged, once to every subscriber through that
 * subscriber's own socket (to the address the subscriber said hello from). No TURN framing, no
 * SRTP, no RTP rewriting: what is left is the machine's cost of receiving and sending the same
 * datagrams, the upper bound for any forwarder on this host.
 *
 * <p>Run as its own process by {@link ForwardingBench}:
 * {@code java -cp jellyfish-bench.jar io.jellyfish.bench.PlainUdpRelay PUBLISHERS SUBSCRIBERS}. It
 * prints one line {@code RELAY <publisher ports> <subscriber ports>} (comma-separated), answers each
 * subscriber's hello with the same datagram, and exits when its standard input closes.
 */
public final class PlainUdpRelay {

    private PlainUdpRelay() {
    }

    public static void main(String[] args) throws Exception {
        int publishers = Integer.parseInt(args[0]);
        int subscribers = Integer.parseInt(args[1]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<DatagramChannel> in = new ArrayList<>();
        DatagramChannel[] out = new DatagramChannel[subscribers];
        StringJoiner inPorts = new StringJoiner(",");
        StringJoiner outPorts = new StringJoiner(",");
        for (int i = 0; i < publishers; i++) {
            DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
            in.add(channel);
            inPorts.add(Integer.toString(((InetSocketAddress) channel.getLocalAddress()).getPort()));
        }
        for (int j = 0; j < subscribers; j++) {
            out[j] = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
            outPorts.add(Integer.toString(((InetSocketAddress) out[j].getLocalAddress()).getPort()));
        }
        // Hellos: the subscriber's address, then the subscriber socket only sends (connected to it).
        for (int j = 0; j < subscribers; j++) {
            DatagramChannel channel = out[j];
            Thread hello = new Thread(() -> {
                try {
                    ByteBuffer buffer = ByteBuffer.allocate(64);
                    SocketAddress from = channel.receive(buffer);
                    channel.connect(from);
                    buffer.flip();
                    channel.write(buffer);
                } catch (IOException e) {
                    System.err.println("relay: hello failed: " + e);
                }
            }, "relay-hello-" + j);
            hello.setDaemon(true);
            hello.start();
        }
        for (int i = 0; i < publishers; i++) {
            DatagramChannel channel = in.get(i);
            Thread forwarder = new Thread(() -> forward(channel, out), "relay-publisher-" + i);
            forwarder.setDaemon(true);
            forwarder.start();
        }
        System.out.println("RELAY " + inPorts + " " + outPorts);
        System.out.flush();
        // Until the harness goes away (or closes our stdin).
        while (System.in.read() >= 0) {
            // ignore input
        }
        System.exit(0);
    }

    private static void forward(DatagramChannel in, DatagramChannel[] out) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        while (true) {
            try {
                buffer.clear();
                in.receive(buffer);
                int length = buffer.position();
                for (DatagramChannel subscriber : out) {
                    if (subscriber.isConnected()) {
                        buffer.limit(length).position(0);
                        try {
                            subscriber.write(buffer);
                        } catch (java.net.PortUnreachableException e) {
                            // the subscriber went away; keep serving the others
                        }
                    }
                }
            } catch (IOException e) {
                System.err.println("relay: " + e);
                return;
            }
        }
    }
}
