package io.jellyfish.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714 8-9): the RTP header (or the SRTCP header plus
 * the E||index word) is the associated data, the tag is 16 bytes.
 *
 * <p>The JCE takes the nonce only through a fresh GCMParameterSpec, so this profile allocates
 * one small object per packet; the JCE also refuses to encrypt twice with the same nonce, which
 * surfaces as -1 from protect (re-sending a packet must reuse its protected bytes, webrtc.md 5.4).
 */
final class AesGcmTransformer extends SrtpTransformer {
    private static final int SALT_LENGTH = 12;
    private static final int TAG_LENGTH = 16;
    private static final int TAG_BITS = TAG_LENGTH * 8;

    private final Cipher gcm;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] nonce = new byte[12];
    private final byte[] indexWord = new byte[4];

    AesGcmTransformer(byte[] masterKey, byte[] masterSalt) {
        rtpKey = new SecretKeySpec(SrtpKeyDerivation.derive(masterKey, masterSalt,
                SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, masterKey.length), "AES");
        rtcpKey = new SecretKeySpec(SrtpKeyDerivation.derive(masterKey, masterSalt,
                SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, masterKey.length), "AES");
        rtpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, SALT_LENGTH);
        rtcpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_SALT, SALT_LENGTH);
        try {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    @Override
    int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        rtpNonce(ssrc, index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, rtpKey, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(buf, off, headerLength);
            return headerLength + gcm.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return -1;
        }
    }

    @Override
    int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        rtpNonce(ssrc, index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(buf, off, headerLength);
            return headerLength + gcm.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return -1;
        }
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex) {
        rtcpNonce(ssrc, srtcpIndex);
        putInt(indexWord, 0, 0x80000000 | srtcpIndex);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(buf, off, 8);
            gcm.updateAAD(indexWord);
            int sealed = gcm.doFinal(buf, off + 8, len - 8, buf, off + 8);
            System.arraycopy(indexWord, 0, buf, off + 8 + sealed, 4);
            return 8 + sealed + 4;
        } catch (GeneralSecurityException | IllegalStateException e) {
            return -1;
        }
    }

    @Override
    int rtcpIndexWordOffset(int len) {
        return len - 4;
    }

    @Override
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int word) {
        rtcpNonce(ssrc, word & 0x7fffffff);
        putInt(indexWord, 0, word);
        int sealedEnd = len - 4;
        // Unencrypted SRTCP (E = 0) authenticates the whole packet as AAD; the "ciphertext" is the tag.
        int sealedStart = word < 0 ? 8 : sealedEnd - TAG_LENGTH;
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(buf, off, sealedStart);
            gcm.updateAAD(indexWord);
            return sealedStart + gcm.doFinal(buf, off + sealedStart, sealedEnd - sealedStart, buf, off + sealedStart);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return -1;
        }
    }

    /** IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (RFC 7714 8.1). */
    private void rtpNonce(int ssrc, long index) {
        nonce[0] = 0;
        nonce[1] = 0;
        putInt(nonce, 2, ssrc);
        putInt(nonce, 6, (int) (index >>> 16));
        nonce[10] = (byte) (index >>> 8);
        nonce[11] = (byte) index;
        xorSalt(rtpSalt);
    }

    /** IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt (RFC 7714 9.1). */
    private void rtcpNonce(int ssrc, int srtcpIndex) {
        nonce[0] = 0;
        nonce[1] = 0;
        putInt(nonce, 2, ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        putInt(nonce, 8, srtcpIndex);
        xorSalt(rtcpSalt);
    }

    private void xorSalt(byte[] salt) {
        for (int i = 0; i < SALT_LENGTH; i++) {
            nonce[i] ^= salt[i];
        }
    }
}
