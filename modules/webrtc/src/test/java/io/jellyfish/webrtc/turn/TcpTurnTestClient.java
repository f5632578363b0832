package io.jellyfish.webrtc.turn;

import io.jellyfish.webrtc.stun.ChannelData;
import io.jellyfish.webrtc.stun.Stun;
import io.jellyfish.webrtc.stun.StunIntegrity;
import io.jellyfish.webrtc.stun.StunMessage;
import io.jellyfish.webrtc.stun.StunMessageBuilder;
import io.jellyfish.webrtc.stun.StunParseException;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A TURN client on one TCP connection, framing the stream by hand. */
public final class TcpTurnTestClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private String username;
    private String realm;
    private String nonce;
    private byte[] key;

    public TcpTurnTestClient(InetSocketAddress server) throws IOException {
        socket = new Socket(server.getAddress(), server.getPort());
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public StunMessage challenge() throws IOException, StunParseException {
        StunMessage response = request(new StunMessageBuilder(Stun.ALLOCATE, Stun.REQUEST,
                StunMessageBuilder.newTransactionId()).addRequestedTransport(Stun.TRANSPORT_UDP).build());
        realm = response.realm();
        nonce = response.nonce();
        assertNotNull(nonce);
        return response;
    }

    public void credentials(TurnCredentials.Issued issued) {
        username = issued.username();
        key = StunIntegrity.longTermKey(username, realm, issued.password());
    }

    public StunMessageBuilder authenticated(int method) {
        return new StunMessageBuilder(method, Stun.REQUEST, StunMessageBuilder.newTransactionId())
                .addString(Stun.ATTR_USERNAME, username)
                .addString(Stun.ATTR_REALM, realm)
                .addString(Stun.ATTR_NONCE, nonce);
    }

    public StunMessage request(StunMessageBuilder builder) throws IOException, StunParseException {
        return request(builder.addMessageIntegrity(key).build());
    }

    public StunMessage request(byte[] message) throws IOException, StunParseException {
        write(message);
        StunMessage response = StunMessage.parse(readFrame());
        assertArrayEquals(Arrays.copyOfRange(message, 8, 20), response.transactionId());
        return response;
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One STUN message or padded ChannelData frame from the stream. */
    public byte[] readFrame() throws IOException {
        byte[] header = new byte[4];
        in.readFully(header);
        int declared = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        int length = ChannelData.isChannelData(header[0])
                ? ChannelData.frameLength(declared, true) : Stun.HEADER_LENGTH + declared;
        byte[] frame = Arrays.copyOf(header, length);
        in.readFully(frame, 4, length - 4);
        return frame;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] key() {
        return key;
    }
}
