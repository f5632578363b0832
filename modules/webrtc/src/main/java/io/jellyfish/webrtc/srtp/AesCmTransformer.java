package io.jellyfish.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES_CM_128 encryption with HMAC-SHA1 authentication (RFC 3711 4.1.1, 4.2.1), with separate
 * session keys for SRTP and SRTCP.
 */
final class AesCmTransformer extends SrtpTransformer {
    private static final int SALT_LENGTH = 14;
    private static final int AUTH_KEY_LENGTH = 20;

    private final int tagLength;
    private final AesCmKeystream rtpCipher;
    private final AesCmKeystream rtcpCipher;
    private final Mac rtpMac;
    private final Mac rtcpMac;
    private final byte[] macOut = new byte[20];
    private final byte[] rocBytes = new byte[4];

    AesCmTransformer(byte[] masterKey, byte[] masterSalt, int tagLength) {
        this.tagLength = tagLength;
        rtpCipher = keystream(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION,
                SrtpKeyDerivation.LABEL_RTP_SALT);
        rtcpCipher = keystream(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION,
                SrtpKeyDerivation.LABEL_RTCP_SALT);
        rtpMac = hmac(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_AUTHENTICATION);
        rtcpMac = hmac(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_AUTHENTICATION);
    }

    private static AesCmKeystream keystream(byte[] masterKey, byte[] masterSalt, int keyLabel, int saltLabel) {
        return new AesCmKeystream(SrtpKeyDerivation.derive(masterKey, masterSalt, keyLabel, masterKey.length),
                SrtpKeyDerivation.derive(masterKey, masterSalt, saltLabel, SALT_LENGTH));
    }

    private static Mac hmac(byte[] masterKey, byte[] masterSalt, int label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SrtpKeyDerivation.derive(masterKey, masterSalt, label, AUTH_KEY_LENGTH),
                    "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable in this JVM", e);
        }
    }

    @Override
    int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        rtpCipher.apply(buf, off + headerLength, off + len, ssrc, index);
        rtpTag(buf, off, len, (int) (index >>> 16));
        System.arraycopy(macOut, 0, buf, off + len, tagLength);
        return len + tagLength;
    }

    @Override
    int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        int authenticated = len - tagLength;
        rtpTag(buf, off, authenticated, (int) (index >>> 16));
        if (!tagMatches(buf, off + authenticated)) {
            return -1;
        }
        rtpCipher.apply(buf, off + headerLength, off + authenticated, ssrc, index);
        return authenticated;
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex) {
        rtcpCipher.apply(buf, off + 8, off + len, ssrc, srtcpIndex);
        putInt(buf, off + len, 0x80000000 | srtcpIndex);
        rtcpTag(buf, off, len + 4);
        System.arraycopy(macOut, 0, buf, off + len + 4, tagLength);
        return len + 4 + tagLength;
    }

    @Override
    int rtcpIndexWordOffset(int len) {
        return len - tagLength - 4;
    }

    @Override
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int indexWord) {
        int authenticated = len - tagLength;
        rtcpTag(buf, off, authenticated);
        if (!tagMatches(buf, off + authenticated)) {
            return -1;
        }
        int plainLength = authenticated - 4;
        if (indexWord < 0) { // E bit: the payload is encrypted
            rtcpCipher.apply(buf, off + 8, off + plainLength, ssrc, indexWord & 0x7fffffff);
        }
        return plainLength;
    }

    /** HMAC-SHA1 over the packet followed by the 32-bit ROC (RFC 3711 4.2). */
    private void rtpTag(byte[] buf, int off, int len, int roc) {
        putInt(rocBytes, 0, roc);
        rtpMac.update(buf, off, len);
        rtpMac.update(rocBytes, 0, 4);
        finish(rtpMac);
    }

    /** HMAC-SHA1 over the packet including the E||index word (RFC 3711 3.4). */
    private void rtcpTag(byte[] buf, int off, int len) {
        rtcpMac.update(buf, off, len);
        finish(rtcpMac);
    }

    private void finish(Mac mac) {
        try {
            mac.doFinal(macOut, 0);
        } catch (GeneralSecurityException e) {
            // macOut holds a full SHA-1 output, so this cannot happen.
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of the received tag with the computed one. */
    private boolean tagMatches(byte[] buf, int at) {
        int diff = 0;
        for (int i = 0; i < tagLength; i++) {
            diff |= buf[at + i] ^ macOut[i];
        }
        return diff == 0;
    }
}
