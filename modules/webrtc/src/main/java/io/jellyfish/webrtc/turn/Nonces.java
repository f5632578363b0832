package io.jellyfish.webrtc.turn;

import io.jellyfish.webrtc.stun.StunIntegrity;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Stateless NONCE values (RFC 5389 §10.2): the issue time plus a MAC over it and the client's
 * address, so a listener keeps no nonce table and a nonce is useless from another address.
 * A nonce is stale after {@link #LIFETIME_MILLIS}, as in fake_turn.
 */
final class Nonces {
    static final long LIFETIME_MILLIS = 60_000;

    private static final int TIME_HEX = 16;
    private static final int MAC_BYTES = 8;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key = new byte[20];

    Nonces(SecureRandom random) {
        random.nextBytes(key);
    }

    String issue(InetSocketAddress client, long now) {
        return HEX.toHexDigits(now) + HEX.formatHex(mac(client, now));
    }

    /** True if this listener issued {@code nonce} to {@code client} less than a lifetime ago. */
    boolean isFresh(String nonce, InetSocketAddress client, long now) {
        if (nonce.length() != TIME_HEX + 2 * MAC_BYTES || !nonce.chars().allMatch(HexFormat::isHexDigit)) {
            return false;
        }
        long issued = HexFormat.fromHexDigitsToLong(nonce, 0, TIME_HEX);
        byte[] presented = HEX.parseHex(nonce, TIME_HEX, nonce.length());
        return MessageDigest.isEqual(mac(client, issued), presented)
                && issued <= now && now - issued < LIFETIME_MILLIS;
    }

    private byte[] mac(InetSocketAddress client, long issued) {
        byte[] address = client.getAddress().getAddress();
        ByteBuffer input = ByteBuffer.allocate(8 + address.length + 2);
        input.putLong(issued).put(address).putShort((short) client.getPort());
        byte[] full = StunIntegrity.hmacSha1(key, input.array());
        byte[] truncated = new byte[MAC_BYTES];
        System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
        return truncated;
    }
}
