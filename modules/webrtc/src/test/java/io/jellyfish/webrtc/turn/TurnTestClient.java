package io.jellyfish.webrtc.turn;

import io.jellyfish.webrtc.stun.ChannelData;
import io.jellyfish.webrtc.stun.Stun;
import io.jellyfish.webrtc.stun.StunIntegrity;
import io.jellyfish.webrtc.stun.StunMessage;
import io.jellyfish.webrtc.stun.StunMessageBuilder;
import io.jellyfish.webrtc.stun.StunParseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/** A UDP TURN client doing what Chromium does, one blocking step at a time (SO_TIMEOUT, no sleeps). */
final class TurnTestClient implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 5000;

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private String username;
    private String realm;
    private String nonce;
    private byte[] key;

    TurnTestClient(InetSocketAddress server) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setSoTimeout(TIMEOUT_MILLIS);
        this.server = server;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void credentials(String username, String password) {
        this.username = username;
        this.key = password == null ? null : StunIntegrity.longTermKey(username, realm, password);
    }

    byte[] key() {
        return key;
    }

    String nonce() {
        return nonce;
    }

    void nonce(String nonce) {
        this.nonce = nonce;
    }

    /** Sends an unauthenticated Allocate and remembers the REALM and NONCE of the 401 challenge. */
    StunMessage challenge() {
        StunMessage response = request(new StunMessageBuilder(Stun.ALLOCATE, Stun.REQUEST,
                StunMessageBuilder.newTransactionId()).addRequestedTransport(Stun.TRANSPORT_UDP).build());
        realm = response.realm();
        nonce = response.nonce();
        return response;
    }

    /** A request with this client's USERNAME/REALM/NONCE, signed with its key. */
    StunMessageBuilder authenticated(int method) {
        return new StunMessageBuilder(method, Stun.REQUEST, StunMessageBuilder.newTransactionId())
                .addString(Stun.ATTR_USERNAME, username)
                .addString(Stun.ATTR_REALM, realm)
                .addString(Stun.ATTR_NONCE, nonce);
    }

    StunMessage request(byte[] message) {
        send(message);
        StunMessage response = receiveStun();
        if (!Arrays.equals(Arrays.copyOfRange(message, 8, 20), response.transactionId())) {
            throw new AssertionError("response to another transaction");
        }
        return response;
    }

    StunMessage request(StunMessageBuilder builder) {
        return request(builder.addMessageIntegrity(key).build());
    }

    void send(byte[] message) {
        try {
            socket.send(new DatagramPacket(message, message.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void sendChannelData(int channel, byte[] data) {
        byte[] frame = new byte[ChannelData.frameLength(data.length, false)];
        ChannelData.write(frame, 0, channel, data, 0, data.length, false);
        send(frame);
    }

    byte[] receive() {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }

    StunMessage receiveStun() {
        try {
            return StunMessage.parse(receive());
        } catch (StunParseException e) {
            throw new AssertionError("not STUN: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
