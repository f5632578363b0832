package io.jellyfish.webrtc.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jellyfish.webrtc.ice.IceLiteAgent;
import io.jellyfish.webrtc.stun.ChannelData;
import io.jellyfish.webrtc.stun.Stun;
import io.jellyfish.webrtc.stun.StunIntegrity;
import io.jellyfish.webrtc.stun.StunMessage;
import io.jellyfish.webrtc.stun.StunMessageBuilder;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TurnListenerTest {
    private static final Inet4Address LOOPBACK = (Inet4Address) InetAddress.getLoopbackAddress();
    private static final String CLIENT_UFRAG = "cli1";

    private final TestClock clock = new TestClock();
    private final VirtualPorts ports = new VirtualPorts(VirtualPorts.DEFAULT_HOST_PORTS, new TurnPortRange(55000, 59999));
    private final TurnCredentials credentials = TurnCredentials.withRandomSecret(clock);
    private final List<RelayPath> nominations = new CopyOnWriteArrayList<>();
    private final IceLiteAgent agent = new IceLiteAgent(nominations::add, clock);
    /** Non-STUN payloads the virtual peer received (DTLS/SRTP stand-ins); each is echoed back. */
    private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final VirtualPeer peer = (data, offset, length, from) -> {
        if (IceLiteAgent.isStun(data, offset, length)) {
            agent.handleStun(data, offset, length, from);
        } else {
            received.add(Arrays.copyOfRange(data, offset, offset + length));
            from.send(data, offset, length);
        }
    };
    private TurnListener listener;
    private InetSocketAddress hostCandidate;
    private TurnTestClient client;

    @BeforeEach
    void open() throws Exception {
        listener = TurnListener.open(new TurnListener.Config(LOOPBACK, TurnPortRange.EPHEMERAL, LOOPBACK,
                TurnListener.DEFAULT_REALM, credentials, TurnListener.Limits.DEFAULT, clock), ports);
        hostCandidate = new InetSocketAddress(LOOPBACK, ports.register(peer));
        agent.setRemoteCredentials(CLIENT_UFRAG, "client-password-22chars");
        client = new TurnTestClient(listener.localAddress());
    }

    @AfterEach
    void close() {
        client.close();
        listener.close();
    }

    @Test
    void chromiumSequence() throws Exception {
        // Allocate → 401 with REALM and NONCE.
        StunMessage challenge = client.challenge();
        assertTrue(challenge.is(Stun.ALLOCATE, Stun.ERROR));
        assertEquals(401, challenge.errorCode());
        assertEquals("turn.stun.localhost", challenge.realm());
        assertNotNull(challenge.nonce());

        // Allocate with long-term credentials.
        TurnCredentials.Issued issued = credentials.issue("peer-1");
        client.credentials(issued.username(), issued.password());
        byte[] allocate = client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP)
                .addMessageIntegrity(client.key()).build();
        StunMessage allocated = client.request(allocate);
        assertTrue(allocated.is(Stun.ALLOCATE, Stun.SUCCESS));
        assertTrue(allocated.verifyIntegrity(client.key()));
        InetSocketAddress relayed = allocated.xorAddress(Stun.ATTR_XOR_RELAYED_ADDRESS);
        assertEquals(LOOPBACK, relayed.getAddress());
        assertTrue(relayed.getPort() >= 55000 && relayed.getPort() <= 59999);
        assertEquals(client.localAddress(), allocated.xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS));
        assertEquals(600, allocated.lifetime());

        // A retransmission gets the cached response; a new Allocate on the 5-tuple gets 437.
        client.send(allocate);
        assertArrayEquals(allocated.toByteArray(), client.receive());
        StunMessage second = client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP));
        assertEquals(437, second.errorCode());

        // CreatePermission for the virtual host candidate's IP.
        StunMessage permitted = client.request(client.authenticated(Stun.CREATE_PERMISSION)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate));
        assertTrue(permitted.is(Stun.CREATE_PERMISSION, Stun.SUCCESS));
        assertTrue(permitted.verifyIntegrity(client.key()));

        // A nominating ICE check in a Send indication; the answer comes back in a Data indication.
        byte[] check = iceCheck(agent.localUfrag() + ":" + CLIENT_UFRAG, agent.localPwd(), true);
        client.send(sendIndication(hostCandidate, check));
        StunMessage data = client.receiveStun();
        assertTrue(data.is(Stun.DATA, Stun.INDICATION));
        assertEquals(hostCandidate, data.xorAddress(Stun.ATTR_XOR_PEER_ADDRESS));
        StunMessage checkResponse = StunMessage.parse(data.bytes(Stun.ATTR_DATA));
        assertTrue(checkResponse.is(Stun.BINDING, Stun.SUCCESS));
        assertArrayEquals(Arrays.copyOfRange(check, 8, 20), checkResponse.transactionId());
        assertTrue(checkResponse.verifyIntegrity(StunIntegrity.shortTermKey(agent.localPwd())));
        assertTrue(checkResponse.verifyFingerprint());
        assertEquals(relayed, checkResponse.xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS));
        RelayPath selected = agent.selectedPath();
        assertEquals(List.of(selected), nominations);
        assertEquals(relayed, selected.relayedAddress());
        assertEquals(hostCandidate, selected.peerAddress());

        // ChannelBind, then ChannelData both ways.
        StunMessage bound = client.request(client.authenticated(Stun.CHANNEL_BIND)
                .addChannelNumber(0x4000).addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate));
        assertTrue(bound.is(Stun.CHANNEL_BIND, Stun.SUCCESS));
        assertTrue(bound.verifyIntegrity(client.key()));

        byte[] dtls = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 42};
        client.sendChannelData(0x4000, dtls);
        assertArrayEquals(dtls, received.poll(TurnTestClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        byte[] echoed = client.receive();
        assertEquals(0x4000, ChannelData.channelNumber(echoed, 0));
        assertEquals(dtls.length, ChannelData.datagramDataLength(echoed, 0, echoed.length));
        assertArrayEquals(dtls, Arrays.copyOfRange(echoed, 4, echoed.length));

        // Checks over the channel keep being answered, on the same path.
        client.sendChannelData(0x4000, iceCheck(agent.localUfrag() + ":" + CLIENT_UFRAG, agent.localPwd(), false));
        byte[] consent = client.receive();
        assertEquals(0x4000, ChannelData.channelNumber(consent, 0));
        assertTrue(StunMessage.parse(consent, 4, consent.length - 4).is(Stun.BINDING, Stun.SUCCESS));
        assertEquals(1, nominations.size());
        assertTrue(agent.lastConsentMillis() > 0);

        // Refresh with LIFETIME 0 deletes the allocation; its path stops sending.
        StunMessage deleted = client.request(client.authenticated(Stun.REFRESH).addUInt32(Stun.ATTR_LIFETIME, 0));
        assertTrue(deleted.is(Stun.REFRESH, Stun.SUCCESS));
        assertEquals(0, deleted.lifetime());
        assertEquals(0, listener.stats().allocations());
        assertFalse(selected.isOpen());
        assertFalse(selected.send(dtls));
        assertEquals(3, listener.stats().delivered(), "the check, the DTLS record, the consent check");
    }

    @Test
    void refreshExtendsAndCapsTheLifetime() {
        allocate();
        StunMessage refreshed = client.request(client.authenticated(Stun.REFRESH).addUInt32(Stun.ATTR_LIFETIME, 99_999));
        assertEquals(3600, refreshed.lifetime());
        StunMessage defaulted = client.request(client.authenticated(Stun.REFRESH));
        assertEquals(600, defaulted.lifetime());
    }

    @Test
    void wrongPasswordIsUnauthorized() {
        client.challenge();
        String username = credentials.issue("peer-1").username();
        client.credentials(username, "not-the-password");
        StunMessage response = client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP));
        assertEquals(401, response.errorCode());
        assertNotNull(response.nonce());
        assertFalse(response.hasIntegrity());
    }

    @Test
    void staleNonceIsRefusedWithAFreshOne() {
        client.challenge();
        TurnCredentials.Issued issued = credentials.issue("peer-1");
        client.credentials(issued.username(), issued.password());
        clock.advance(Duration.ofSeconds(61));
        String stale = client.nonce();

        StunMessage response = client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP));
        assertEquals(438, response.errorCode());
        assertNotEquals(stale, response.nonce());

        client.nonce(response.nonce());
        StunMessage retried = client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP));
        assertTrue(retried.is(Stun.ALLOCATE, Stun.SUCCESS));
    }

    @Test
    void forgedNonceIsStale() {
        client.challenge();
        TurnCredentials.Issued issued = credentials.issue("peer-1");
        client.credentials(issued.username(), issued.password());
        client.nonce("0000000000000000ffffffffffffffff");
        assertEquals(438, client.request(client.authenticated(Stun.ALLOCATE)
                .addRequestedTransport(Stun.TRANSPORT_UDP)).errorCode());
    }

    @Test
    void expiredCredentialIsUnauthorized() {
        client.challenge();
        String expired = (clock.instant().getEpochSecond() - 1) + ":peer-1";
        client.credentials(expired, credentials.passwordFor(expired));
        StunMessage response = client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP));
        assertEquals(401, response.errorCode());
    }

    @Test
    void allocateRequestsThatCannotBeServed() {
        client.challenge();
        TurnCredentials.Issued issued = credentials.issue("peer-1");
        client.credentials(issued.username(), issued.password());

        StunMessage noTransport = client.request(client.authenticated(Stun.ALLOCATE));
        assertEquals(400, noTransport.errorCode());
        assertTrue(noTransport.verifyIntegrity(client.key()));
        assertEquals(442, client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(6)).errorCode());
        assertEquals(420, client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP)
                .addFlag(Stun.ATTR_DONT_FRAGMENT)).errorCode());
        assertEquals(440, client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP)
                .addRequestedAddressFamily(Stun.FAMILY_IPV6)).errorCode());
        assertEquals(437, client.request(client.authenticated(Stun.REFRESH)).errorCode());
        assertEquals(0, listener.stats().allocations());
    }

    @Test
    void garbageIsDroppedAndTheNextRequestServed() {
        client.send(new byte[] {1, 2, 3});
        client.send(new byte[] {(byte) 0x99, 0, 0, 0, 0, 0, 0, 0});
        byte[] truncated = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, StunMessageBuilder.newTransactionId())
                .addString(Stun.ATTR_SOFTWARE, "x").build();
        client.send(Arrays.copyOf(truncated, truncated.length - 2));
        client.send(new byte[] {0x40, 0x00, 0x00, 0x10}); // ChannelData claiming more than it has

        byte[] binding = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, StunMessageBuilder.newTransactionId()).build();
        StunMessage response = client.request(binding);
        assertTrue(response.is(Stun.BINDING, Stun.SUCCESS));
        assertEquals(client.localAddress(), response.xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS));
        assertEquals(4, listener.stats().malformed());
    }

    @Test
    void dataWithoutPermissionIsNotDelivered() throws Exception {
        allocate();
        byte[] unpermitted = {(byte) 0x80, 1};
        client.send(sendIndication(hostCandidate, unpermitted));
        StunMessage permitted = client.request(client.authenticated(Stun.CREATE_PERMISSION)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate));
        assertTrue(permitted.is(Stun.CREATE_PERMISSION, Stun.SUCCESS));
        byte[] marker = {(byte) 0x80, 2};
        client.send(sendIndication(hostCandidate, marker));

        // The listener handles packets in order: the marker arriving first proves the other was dropped.
        assertArrayEquals(marker, received.poll(TurnTestClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        assertEquals(1, listener.stats().dropped());
    }

    @Test
    void permissionsExpire() throws Exception {
        allocate();
        client.request(client.authenticated(Stun.CREATE_PERMISSION).addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate));
        clock.advance(Duration.ofSeconds(301));
        client.send(sendIndication(hostCandidate, new byte[] {(byte) 0x80, 1}));
        awaitTrue(() -> listener.stats().dropped() == 1);
        assertTrue(received.isEmpty());
    }

    @Test
    void conflictingChannelBindsAreRefused() {
        allocate();
        InetSocketAddress otherPort = new InetSocketAddress(LOOPBACK, hostCandidate.getPort() == 40000 ? 40001 : 40000);
        assertTrue(client.request(client.authenticated(Stun.CHANNEL_BIND).addChannelNumber(0x4000)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate)).is(Stun.CHANNEL_BIND, Stun.SUCCESS));
        assertEquals(400, client.request(client.authenticated(Stun.CHANNEL_BIND).addChannelNumber(0x4000)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, otherPort)).errorCode());
        assertEquals(400, client.request(client.authenticated(Stun.CHANNEL_BIND).addChannelNumber(0x4001)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate)).errorCode());
        assertEquals(400, client.request(client.authenticated(Stun.CHANNEL_BIND).addChannelNumber(0x3FFF)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, otherPort)).errorCode());
        // A repeat of the same binding is a refresh.
        assertTrue(client.request(client.authenticated(Stun.CHANNEL_BIND).addChannelNumber(0x4000)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate)).is(Stun.CHANNEL_BIND, Stun.SUCCESS));
    }

    @Test
    void serverSendsDataIndicationsUntilAChannelIsBound() throws Exception {
        allocate();
        client.request(client.authenticated(Stun.CREATE_PERMISSION).addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate));
        byte[] srtp = {(byte) 0x80, 0x60, 0, 1, 2, 3, 4};
        client.send(sendIndication(hostCandidate, srtp));
        assertArrayEquals(srtp, received.poll(TurnTestClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));

        StunMessage echoed = client.receiveStun(); // the peer's echo, as a Data indication
        assertTrue(echoed.is(Stun.DATA, Stun.INDICATION));
        assertArrayEquals(srtp, echoed.bytes(Stun.ATTR_DATA));
        assertEquals(hostCandidate, echoed.xorAddress(Stun.ATTR_XOR_PEER_ADDRESS));
    }

    @Test
    void allocationsExpireAndReleaseTheirRelayPort() {
        allocate();
        clock.advance(Duration.ofSeconds(601));
        awaitTrue(() -> listener.stats().allocations() == 0); // the sweep, within about a second
        StunMessage stale = client.request(client.authenticated(Stun.REFRESH));
        assertEquals(438, stale.errorCode()); // the nonce aged with the allocation
        client.nonce(stale.nonce());
        assertEquals(437, client.request(client.authenticated(Stun.REFRESH)).errorCode());
    }

    @Test
    void pathsAreStablePerAllocationAndPeer() throws Exception {
        allocate();
        client.request(client.authenticated(Stun.CREATE_PERMISSION).addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate));
        List<RelayPath> paths = new CopyOnWriteArrayList<>();
        int other = ports.register((data, offset, length, from) -> paths.add(from));
        InetSocketAddress otherCandidate = new InetSocketAddress(LOOPBACK, other);
        client.send(sendIndication(otherCandidate, new byte[] {(byte) 0x80}));
        client.send(sendIndication(otherCandidate, new byte[] {(byte) 0x80}));
        awaitTrue(() -> paths.size() == 2);
        assertSame(paths.get(0), paths.get(1));
        assertEquals(otherCandidate, paths.get(0).peerAddress());
    }

    private void allocate() {
        client.challenge();
        TurnCredentials.Issued issued = credentials.issue("peer-1");
        client.credentials(issued.username(), issued.password());
        StunMessage allocated = client.request(client.authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP));
        assertTrue(allocated.is(Stun.ALLOCATE, Stun.SUCCESS));
    }

    /** A Chromium-like connectivity check (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, integrity, fingerprint). */
    static byte[] iceCheck(String username, String password, boolean nominate) {
        StunMessageBuilder check = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, StunMessageBuilder.newTransactionId())
                .addString(Stun.ATTR_USERNAME, username)
                .addUInt64(Stun.ATTR_ICE_CONTROLLING, 0x1234_5678_9abc_def0L)
                .addUInt32(Stun.ATTR_PRIORITY, 41885439);
        if (nominate) {
            check.addFlag(Stun.ATTR_USE_CANDIDATE);
        }
        return check.addMessageIntegrity(StunIntegrity.shortTermKey(password)).addFingerprint().build();
    }

    private static byte[] sendIndication(InetSocketAddress peer, byte[] data) {
        return new StunMessageBuilder(Stun.SEND, Stun.INDICATION, StunMessageBuilder.newTransactionId())
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, peer)
                .add(Stun.ATTR_DATA, data)
                .build();
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
