package io.jellyfish.webrtc.turn;

import io.jellyfish.webrtc.ice.IceLiteAgent;
import io.jellyfish.webrtc.stun.ChannelData;
import io.jellyfish.webrtc.stun.Stun;
import io.jellyfish.webrtc.stun.StunIntegrity;
import io.jellyfish.webrtc.stun.StunMessage;
import io.jellyfish.webrtc.stun.StunMessageBuilder;
import io.jellyfish.webrtc.stun.StunParseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node-wide TCP TURN listener with a plain Java TCP client (webrtc.md 4.4). */
class TcpTurnListenerTest {
    private static final Inet4Address LOOPBACK = (Inet4Address) InetAddress.getLoopbackAddress();
    private static final String CLIENT_UFRAG = "cli1";
    private static final int MAX_CONNECTIONS = 3;
    private static final int CHANNEL = 0x4001;

    private final TestClock clock = new TestClock();
    private final VirtualPorts ports = new VirtualPorts(VirtualPorts.DEFAULT_HOST_PORTS, new TurnPortRange(55000, 59999));
    private final TurnCredentials nodeCredentials = TurnCredentials.withRandomSecret(clock);
    private final IceLiteAgent agent = new IceLiteAgent(path -> { }, clock);
    /** Non-STUN payloads the virtual peer received; each is echoed back. */
    private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final VirtualPeer peer = (data, offset, length, from) -> {
        if (IceLiteAgent.isStun(data, offset, length)) {
            agent.handleStun(data, offset, length, from);
        } else {
            received.add(Arrays.copyOfRange(data, offset, offset + length));
            from.send(data, offset, length);
        }
    };
    private final List<TcpTurnTestClient> clients = new ArrayList<>();
    private TurnListener listener;
    private InetSocketAddress hostCandidate;

    @BeforeEach
    void open() throws IOException {
        listener = TurnListener.openTcp(new TurnListener.Config(LOOPBACK, TurnPortRange.EPHEMERAL, LOOPBACK,
                TurnListener.DEFAULT_REALM, nodeCredentials, new TurnListener.Limits(MAX_CONNECTIONS, 16, 16), clock),
                ports);
        hostCandidate = new InetSocketAddress(LOOPBACK, ports.register(peer));
        agent.setRemoteCredentials(CLIENT_UFRAG, "client-password-22chars");
    }

    @AfterEach
    void close() {
        clients.forEach(TcpTurnTestClient::close);
        listener.close();
    }

    @Test
    void chromiumSequenceOverTcp() throws Exception {
        TcpTurnTestClient client = connect();
        StunMessage challenge = client.challenge();
        assertEquals(401, challenge.errorCode());
        assertEquals(TurnListener.DEFAULT_REALM, challenge.realm());

        TurnCredentials.Issued issued = nodeCredentials.issue("peer-1");
        client.credentials(issued);
        StunMessage allocated = client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP));
        assertTrue(allocated.is(Stun.ALLOCATE, Stun.SUCCESS));
        assertTrue(allocated.verifyIntegrity(client.key()));
        assertEquals(client.localAddress(), allocated.xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS));
        InetSocketAddress relayed = allocated.xorAddress(Stun.ATTR_XOR_RELAYED_ADDRESS);
        assertTrue(relayed.getPort() >= 55000 && relayed.getPort() <= 59999);

        StunMessage permitted = client.request(client.authenticated(Stun.CREATE_PERMISSION)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate));
        assertTrue(permitted.is(Stun.CREATE_PERMISSION, Stun.SUCCESS));

        // An ICE check in a Send indication; its answer comes back in a Data indication.
        byte[] check = TurnListenerTest.iceCheck(agent.localUfrag() + ":" + CLIENT_UFRAG, agent.localPwd(), true);
        client.write(new StunMessageBuilder(Stun.SEND, Stun.INDICATION, StunMessageBuilder.newTransactionId())
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate).add(Stun.ATTR_DATA, check).build());
        StunMessage data = StunMessage.parse(client.readFrame());
        assertTrue(data.is(Stun.DATA, Stun.INDICATION));
        StunMessage checkResponse = StunMessage.parse(data.bytes(Stun.ATTR_DATA));
        assertTrue(checkResponse.is(Stun.BINDING, Stun.SUCCESS));
        assertTrue(checkResponse.verifyIntegrity(StunIntegrity.shortTermKey(agent.localPwd())));
        assertEquals(relayed, checkResponse.xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS));

        StunMessage bound = client.request(client.authenticated(Stun.CHANNEL_BIND)
                .addChannelNumber(CHANNEL).addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate));
        assertTrue(bound.is(Stun.CHANNEL_BIND, Stun.SUCCESS));

        // Two padded frames in one write, then one frame split across writes: framing is the stream's.
        byte[] first = {(byte) 0x80, 1, 2, 3, 4};
        byte[] second = {(byte) 0x80, 9};
        byte[] both = concat(channelData(CHANNEL, first), channelData(CHANNEL, second));
        client.write(both);
        assertArrayEquals(first, received.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(second, received.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(channelData(CHANNEL, first), client.readFrame(), "the echo is padded ChannelData");
        assertArrayEquals(channelData(CHANNEL, second), client.readFrame());

        byte[] split = channelData(CHANNEL, new byte[]{(byte) 0x81, 7, 7});
        client.write(Arrays.copyOfRange(split, 0, 3));
        client.write(Arrays.copyOfRange(split, 3, split.length));
        assertArrayEquals(new byte[]{(byte) 0x81, 7, 7}, received.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(split, client.readFrame());
    }

    @Test
    void perPeerCredentialsOfAnotherSecretAreRefused() throws Exception {
        TcpTurnTestClient client = connect();
        client.challenge();
        client.credentials(TurnCredentials.withRandomSecret(clock).issue("peer-1"));
        StunMessage refused = client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP));
        assertEquals(401, refused.errorCode());
    }

    @Test
    void aMalformedStreamClosesOnlyItsConnection() throws Exception {
        TcpTurnTestClient healthy = allocatedClient();
        TcpTurnTestClient broken = connect();
        broken.write(new byte[]{(byte) 0xC0, 0, 0, 4, 1, 2, 3, 4});
        assertThrows(IOException.class, broken::readFrame, "closed: end of stream or reset");

        StunMessage refreshed = healthy.request(healthy.authenticated(Stun.REFRESH).addUInt32(Stun.ATTR_LIFETIME, 600));
        assertTrue(refreshed.is(Stun.REFRESH, Stun.SUCCESS));
    }

    @Test
    void aFrameLargerThanTheBoundClosesTheConnection() throws Exception {
        TcpTurnTestClient client = connect();
        byte[] header = {0x40, 0x01, (byte) 0xFF, (byte) 0xFF}; // 65535 bytes of ChannelData announced
        assertThrows(IOException.class, () -> {
            client.write(header);
            client.write(new byte[TcpTurnTransport.MAX_FRAME_LENGTH]);
            client.readFrame();
        }, "closed: end of stream or reset");
    }

    @Test
    void connectionsAreBoundedAndAClosedConnectionTakesItsAllocationAlong() throws Exception {
        TcpTurnTestClient first = allocatedClient();
        for (int i = 1; i < MAX_CONNECTIONS; i++) {
            connect().challenge();
        }
        TcpTurnTestClient refused = connect();
        assertThrows(IOException.class, () -> {
            refused.write(bindingRequest());
            refused.readFrame();
        });
        assertEquals(1, listener.stats().allocations());

        first.close();
        awaitTrue(() -> listener.stats().allocations() == 0);
        TcpTurnTestClient replacement = connect();
        assertTrue(replacement.request(bindingRequest()).is(Stun.BINDING, Stun.SUCCESS));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private TcpTurnTestClient connect() throws IOException {
        TcpTurnTestClient client = new TcpTurnTestClient(listener.localAddress());
        clients.add(client);
        return client;
    }

    private TcpTurnTestClient allocatedClient() throws IOException, StunParseException {
        TcpTurnTestClient client = connect();
        client.challenge();
        client.credentials(nodeCredentials.issue("peer-1"));
        StunMessage allocated = client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP));
        assertTrue(allocated.is(Stun.ALLOCATE, Stun.SUCCESS));
        return client;
    }

    private static byte[] bindingRequest() {
        return new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, StunMessageBuilder.newTransactionId()).build();
    }

    private static byte[] channelData(int channel, byte[] data) {
        byte[] frame = new byte[ChannelData.frameLength(data.length, true)];
        ChannelData.write(frame, 0, channel, data, 0, data.length, true);
        return frame;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
