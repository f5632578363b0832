package io.jellyfish.webrtc.srtp;

/**
 * The cryptographic transform of one direction (one master key/salt) for both SRTP and SRTCP.
 * Packet parsing, index estimation and replay protection live in {@link SrtpSession}; a
 * transformer only encrypts/decrypts and authenticates byte ranges it is given.
 *
 * <p>Offsets below are relative to {@code off}; every method works in place. Unprotect methods
 * return -1 on authentication failure.
 */
abstract sealed class SrtpTransformer permits AesCmTransformer, AesGcmTransformer {

    static SrtpTransformer create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> new AesCmTransformer(masterKey, masterSalt, profile.tagLength());
            case AEAD_AES_128_GCM -> new AesGcmTransformer(masterKey, masterSalt);
        };
    }

    /** Encrypts the payload after {@code headerLength}, appends the tag; returns the new length or -1. */
    abstract int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    /** Authenticates and decrypts; {@code len} includes the tag. Returns the plaintext length or -1. */
    abstract int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    /** Encrypts after the 8-byte header and appends tag and E||index; returns the new length or -1. */
    abstract int protectRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex);

    /** Where the E||SRTCP-index word sits in a protected packet of length {@code len}. */
    abstract int rtcpIndexWordOffset(int len);

    /** Authenticates and (if the E bit is set) decrypts; returns the plaintext length or -1. */
    abstract int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int indexWord);

    static void putInt(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    static int getInt(byte[] buf, int at) {
        return (buf[at] & 0xff) << 24 | (buf[at + 1] & 0xff) << 16 | (buf[at + 2] & 0xff) << 8 | (buf[at + 3] & 0xff);
    }
}
