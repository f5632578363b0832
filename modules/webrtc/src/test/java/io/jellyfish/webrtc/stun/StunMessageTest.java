package io.jellyfish.webrtc.stun;

import static io.jellyfish.webrtc.stun.Rfc5769Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StunMessageTest {
    private static final byte[] VECTOR_TRANSACTION = hex("b7e7a701bc34d686fa87dfae");

    @Test
    void rfc5769SampleRequestWithShortTermCredentials() throws Exception {
        StunMessage message = StunMessage.parse(Rfc5769Vectors.SAMPLE_REQUEST);

        assertTrue(message.is(Stun.BINDING, Stun.REQUEST));
        assertArrayEquals(VECTOR_TRANSACTION, message.transactionId());
        assertEquals("STUN test client", message.string(Stun.ATTR_SOFTWARE));
        assertEquals(0x6e0001ffL, message.uint32(Stun.ATTR_PRIORITY));
        assertArrayEquals(hex("932ff9b151263b36"), message.bytes(Stun.ATTR_ICE_CONTROLLED));
        assertEquals(Rfc5769Vectors.SHORT_TERM_USERNAME, message.username());
        assertTrue(message.verifyIntegrity(StunIntegrity.shortTermKey(Rfc5769Vectors.SHORT_TERM_PASSWORD)));
        assertFalse(message.verifyIntegrity(StunIntegrity.shortTermKey("wrong")));
        assertTrue(message.verifyFingerprint());
    }

    @Test
    void rfc5769SampleIpv4Response() throws Exception {
        StunMessage message = StunMessage.parse(Rfc5769Vectors.SAMPLE_IPV4_RESPONSE);

        assertTrue(message.is(Stun.BINDING, Stun.SUCCESS));
        assertEquals("test vector", message.string(Stun.ATTR_SOFTWARE));
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853),
                message.xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS));
        assertTrue(message.verifyIntegrity(StunIntegrity.shortTermKey(Rfc5769Vectors.SHORT_TERM_PASSWORD)));
        assertTrue(message.verifyFingerprint());
    }

    @Test
    void rfc5769SampleIpv6Response() throws Exception {
        StunMessage message = StunMessage.parse(Rfc5769Vectors.SAMPLE_IPV6_RESPONSE);

        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
                message.xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS));
        assertTrue(message.verifyIntegrity(StunIntegrity.shortTermKey(Rfc5769Vectors.SHORT_TERM_PASSWORD)));
        assertTrue(message.verifyFingerprint());
    }

    @Test
    void rfc5769SampleRequestWithLongTermCredentials() throws Exception {
        StunMessage message = StunMessage.parse(Rfc5769Vectors.SAMPLE_LONG_TERM_REQUEST);

        assertEquals(Rfc5769Vectors.LONG_TERM_USERNAME, message.username());
        assertEquals(Rfc5769Vectors.LONG_TERM_REALM, message.realm());
        assertEquals(Rfc5769Vectors.LONG_TERM_NONCE, message.nonce());
        assertFalse(message.hasFingerprint());
        byte[] key = StunIntegrity.longTermKey(Rfc5769Vectors.LONG_TERM_USERNAME, Rfc5769Vectors.LONG_TERM_REALM,
                Rfc5769Vectors.LONG_TERM_PASSWORD);
        assertTrue(message.verifyIntegrity(key));
    }

    /**
     * The vectors pad with spaces where this builder pads with zeros, so integrity differs from the
     * RFC bytes; the expected HMACs are those of libwebrtc's test, which pads with zeros too.
     */
    @Test
    void builderReproducesTheVectorsWithZeroPadding() throws Exception {
        byte[] key = StunIntegrity.shortTermKey(Rfc5769Vectors.SHORT_TERM_PASSWORD);
        byte[] request = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, VECTOR_TRANSACTION)
                .addString(Stun.ATTR_SOFTWARE, "STUN test client")
                .addUInt32(Stun.ATTR_PRIORITY, 0x6e0001ffL)
                .addUInt64(Stun.ATTR_ICE_CONTROLLED, 0x932ff9b151263b36L)
                .addString(Stun.ATTR_USERNAME, Rfc5769Vectors.SHORT_TERM_USERNAME)
                .addMessageIntegrity(key)
                .addFingerprint()
                .build();
        assertArrayEquals(Arrays.copyOf(Rfc5769Vectors.SAMPLE_REQUEST, 73), Arrays.copyOf(request, 73));
        assertArrayEquals(hex("7907c2d2edbfea480e4c76d82962d5c3742af9e3"), Arrays.copyOfRange(request, 80, 100));
        StunMessage parsed = StunMessage.parse(request);
        assertTrue(parsed.verifyIntegrity(key));
        assertTrue(parsed.verifyFingerprint());

        byte[] response = new StunMessageBuilder(Stun.BINDING, Stun.SUCCESS, VECTOR_TRANSACTION)
                .addString(Stun.ATTR_SOFTWARE, "test vector")
                .addXorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS, new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
                .addMessageIntegrity(key)
                .build();
        assertArrayEquals(Arrays.copyOfRange(Rfc5769Vectors.SAMPLE_IPV4_RESPONSE, 36, 48), Arrays.copyOfRange(response, 36, 48));
        assertArrayEquals(hex("5d6b58bead94e07eef0dfc1282a2bd0843141028"), Arrays.copyOfRange(response, 52, 72));
    }

    @Test
    void messageTypesInterleaveMethodAndClass() {
        assertEquals(0x0001, Stun.messageType(Stun.BINDING, Stun.REQUEST));
        assertEquals(0x0101, Stun.messageType(Stun.BINDING, Stun.SUCCESS));
        assertEquals(0x0113, Stun.messageType(Stun.ALLOCATE, Stun.ERROR));
        assertEquals(0x0016, Stun.messageType(Stun.SEND, Stun.INDICATION));
        assertEquals(0x0017, Stun.messageType(Stun.DATA, Stun.INDICATION));
        assertEquals(0x0109, Stun.messageType(Stun.CHANNEL_BIND, Stun.SUCCESS));
        for (int method : new int[] {Stun.BINDING, Stun.ALLOCATE, Stun.CHANNEL_BIND, 0xFFF}) {
            for (int messageClass = 0; messageClass < 4; messageClass++) {
                int type = Stun.messageType(method, messageClass);
                assertEquals(method, Stun.methodOf(type));
                assertEquals(messageClass, Stun.classOf(type));
            }
        }
    }

    @Test
    void turnAttributesRoundTrip() throws Exception {
        byte[] id = StunMessageBuilder.newTransactionId();
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 45678);
        InetSocketAddress other = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 9);
        byte[] bytes = new StunMessageBuilder(Stun.CREATE_PERMISSION, Stun.REQUEST, id)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, peer)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, other)
                .addRequestedTransport(Stun.TRANSPORT_UDP)
                .addRequestedAddressFamily(Stun.FAMILY_IPV4)
                .addChannelNumber(0x4001)
                .addUInt32(Stun.ATTR_LIFETIME, 0xFFFFFFFFL)
                .addErrorCode(438, "Stale Nonce")
                .addFlag(Stun.ATTR_DONT_FRAGMENT)
                .add(Stun.ATTR_DATA, new byte[] {1, 2, 3})
                .build();
        StunMessage message = StunMessage.parse(bytes);

        assertEquals(List.of(peer, other), message.xorAddresses(Stun.ATTR_XOR_PEER_ADDRESS));
        assertEquals(Stun.TRANSPORT_UDP, message.requestedTransport());
        assertEquals(Stun.FAMILY_IPV4, message.requestedAddressFamily());
        assertEquals(0x4001, message.channelNumber());
        assertEquals(0xFFFFFFFFL, message.lifetime());
        assertEquals(438, message.errorCode());
        assertTrue(message.has(Stun.ATTR_DONT_FRAGMENT));
        assertArrayEquals(new byte[] {1, 2, 3}, message.bytes(Stun.ATTR_DATA));
        assertEquals(3, message.valueLength(Stun.ATTR_DATA));
        assertEquals(-1, message.valueOffset(Stun.ATTR_REALM));
        assertNull(message.realm());
        assertFalse(message.hasIntegrity());
        assertTrue(message.hasTransactionId(id));
    }

    @Test
    void rejectsMalformedMessages() {
        byte[] good = Rfc5769Vectors.SAMPLE_REQUEST;
        assertRejected(Arrays.copyOf(good, 19)); // shorter than a header
        assertRejected(Arrays.copyOf(good, good.length - 4)); // truncated: length field says more
        assertRejected(Arrays.copyOf(good, good.length + 4)); // trailing bytes
        byte[] badCookie = good.clone();
        badCookie[4] ^= 1;
        assertRejected(badCookie);
        byte[] topBits = good.clone();
        topBits[0] |= (byte) 0x80;
        assertRejected(topBits);
        byte[] oddLength = good.clone();
        oddLength[3] = 0x57;
        assertRejected(oddLength);
        byte[] attributeOverrun = good.clone();
        attributeOverrun[22] = 0x01; // SOFTWARE claims 0x0110 bytes
        assertRejected(attributeOverrun);
        byte[] shortIntegrity = good.clone();
        shortIntegrity[79] = 0x10; // MESSAGE-INTEGRITY of 16 bytes
        assertRejected(shortIntegrity);
        assertRejected(afterFingerprint());
        assertRejected(tooManyAttributes());
        assertThrows(StunParseException.class, () -> StunMessage.parse(good, 10, good.length));
    }

    @Test
    void tamperingBreaksIntegrityAndFingerprint() throws Exception {
        byte[] tampered = Rfc5769Vectors.SAMPLE_REQUEST.clone();
        tampered[30] ^= 1; // inside SOFTWARE
        StunMessage message = StunMessage.parse(tampered);
        assertFalse(message.verifyIntegrity(StunIntegrity.shortTermKey(Rfc5769Vectors.SHORT_TERM_PASSWORD)));
        assertFalse(message.verifyFingerprint());
    }

    @Test
    void randomInputOnlyEverFailsWithAParseException() {
        Random random = new Random(5389);
        byte[] base = Rfc5769Vectors.SAMPLE_REQUEST;
        for (int i = 0; i < 20_000; i++) {
            byte[] input = i % 2 == 0 ? new byte[random.nextInt(120)] : base.clone();
            if (i % 2 == 0) {
                random.nextBytes(input);
                if (input.length >= 8 && random.nextBoolean()) {
                    input[0] &= 0x3F;
                    System.arraycopy(base, 2, input, 2, 6); // plausible length and cookie
                }
            } else {
                input[random.nextInt(input.length)] = (byte) random.nextInt();
            }
            try {
                StunMessage message = StunMessage.parse(input);
                message.xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS);
                message.xorAddresses(Stun.ATTR_XOR_PEER_ADDRESS);
                message.username();
                message.errorCode();
                message.verifyIntegrity(new byte[] {1});
                message.verifyFingerprint();
            } catch (StunParseException expected) {
                // fine
            }
        }
    }

    private static byte[] afterFingerprint() {
        byte[] withFingerprint = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, VECTOR_TRANSACTION)
                .addFingerprint().build();
        byte[] extended = Arrays.copyOf(withFingerprint, withFingerprint.length + 4);
        extended[3] += 4;
        extended[withFingerprint.length + 1] = 0x25; // USE-CANDIDATE after FINGERPRINT
        return extended;
    }

    private static byte[] tooManyAttributes() {
        StunMessageBuilder builder = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, VECTOR_TRANSACTION);
        for (int i = 0; i <= StunMessage.MAX_ATTRIBUTES; i++) {
            builder.addFlag(Stun.ATTR_USE_CANDIDATE);
        }
        return builder.build();
    }

    private static void assertRejected(byte[] input) {
        assertThrows(StunParseException.class, () -> StunMessage.parse(input));
    }
}
