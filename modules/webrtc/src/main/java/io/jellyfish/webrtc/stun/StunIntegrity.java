package io.jellyfish.webrtc.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hashes STUN needs: HMAC-SHA1 for MESSAGE-INTEGRITY, MD5 for long-term keys and CRC-32 for
 * FINGERPRINT. Mac and digest instances are kept per thread: they are used on the packet path.
 */
public final class StunIntegrity {
    public static final int HMAC_LENGTH = 20;

    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is a mandatory JDK algorithm", e);
        }
    });
    private static final ThreadLocal<CRC32> CRC = ThreadLocal.withInitial(CRC32::new);

    private StunIntegrity() {}

    /**
     * The long-term credential key (RFC 5389 §15.4): MD5(username ":" realm ":" password).
     * SASLprep is not applied: every credential this server issues or accepts is ASCII.
     */
    public static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is a mandatory JDK algorithm", e);
        }
    }

    /** The short-term credential key (RFC 5389 §15.4): the password itself (ICE). */
    public static byte[] shortTermKey(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    /** HMAC-SHA1 of {@code data} keyed with {@code key}. */
    public static byte[] hmacSha1(byte[] key, byte[] data) {
        Mac mac = hmac(key);
        return mac.doFinal(data);
    }

    /** A per-thread HMAC-SHA1 instance initialised with {@code key}. */
    static Mac hmac(byte[] key) {
        Mac mac = HMAC_SHA1.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        }
        return mac;
    }

    /** The FINGERPRINT value over {@code length} bytes: CRC-32 XOR 0x5354554e. */
    static int fingerprint(byte[] data, int offset, int length) {
        CRC32 crc = CRC.get();
        crc.reset();
        crc.update(data, offset, length);
        return (int) crc.getValue() ^ Stun.FINGERPRINT_XOR;
    }
}
