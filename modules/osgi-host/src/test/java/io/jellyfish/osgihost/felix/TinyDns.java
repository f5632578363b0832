package io.jellyfish.osgihost.felix;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A DNS server on a loopback UDP port that answers A queries for one name with fixed IPv4
 * addresses, AAAA queries for it with no records, and anything else with NXDOMAIN: just enough
 * for the JNDI DNS provider the DNS strategy uses.
 */
final class TinyDns implements AutoCloseable {
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;

    private final DatagramSocket socket;
    private final String name;
    private final List<InetAddress> addresses;
    private final Thread thread;

    TinyDns(String name, List<InetAddress> addresses) throws SocketException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.name = name;
        this.addresses = addresses;
        this.thread = new Thread(this::serve, "tiny-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code 127.0.0.1:<port>}, the form of JF_DIST_DNS_SERVER. */
    String server() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(query);
                byte[] answer = answer(ByteBuffer.wrap(query.getData(), 0, query.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // Closed, or a malformed query: nothing to answer.
            }
        }
    }

    private byte[] answer(ByteBuffer query) {
        int id = Short.toUnsignedInt(query.getShort(0));
        StringBuilder asked = new StringBuilder();
        int position = 12;
        for (int length = query.get(position) & 0xff; length != 0; length = query.get(position) & 0xff) {
            if (!asked.isEmpty()) {
                asked.append('.');
            }
            for (int i = 1; i <= length; i++) {
                asked.append((char) query.get(position + i));
            }
            position += length + 1;
        }
        int questionEnd = position + 5; // the root label, QTYPE, QCLASS
        int type = Short.toUnsignedInt(query.getShort(position + 1));
        boolean known = asked.toString().equalsIgnoreCase(name);
        List<InetAddress> records = known && type == TYPE_A ? addresses : List.of();
        int rcode = known && (type == TYPE_A || type == TYPE_AAAA) ? 0 : 3;

        ByteBuffer answer = ByteBuffer.allocate(questionEnd + records.size() * 16);
        answer.putShort((short) id);
        answer.putShort((short) (0x8400 | rcode)); // response, authoritative
        answer.putShort((short) 1).putShort((short) records.size()).putShort((short) 0).putShort((short) 0);
        answer.put(query.array(), query.arrayOffset() + 12, questionEnd - 12);
        for (InetAddress address : records) {
            answer.putShort((short) 0xc00c); // the name, as a pointer to the question's
            answer.putShort((short) TYPE_A).putShort((short) 1).putInt(1).putShort((short) 4);
            answer.put(address.getAddress());
        }
        return answer.array();
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
