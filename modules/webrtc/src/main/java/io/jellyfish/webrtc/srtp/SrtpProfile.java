package io.jellyfish.webrtc.srtp;

import java.util.Optional;

/**
 * The SRTP protection profiles this server negotiates through DTLS use_srtp (RFC 5764 4.1.2,
 * RFC 7714 14.2), with the master key/salt sizes the DTLS exporter must produce for each.
 */
public enum SrtpProfile {
    /** What Chromium ends up with against the engine's preference order (webrtc.md 4.6). */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10),
    /** RFC 7714 AEAD: 12-byte salt, 16-byte tag, no separate authentication key. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16);

    private final int dtlsId;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int dtlsId, int keyLength, int saltLength, int tagLength) {
        this.dtlsId = dtlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** The SRTPProtectionProfile code point carried in the use_srtp extension. */
    public int dtlsId() {
        return dtlsId;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Authentication tag length in bytes, the same for SRTP and SRTCP in both profiles. */
    public int tagLength() {
        return tagLength;
    }

    /** Bytes of keying material to export from DTLS: 2 x (key + salt), RFC 5764 4.2. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** Worst-case growth of an SRTCP packet: tag plus the E-bit/index word. */
    public int maxRtcpOverhead() {
        return tagLength + 4;
    }

    public static Optional<SrtpProfile> fromDtlsId(int dtlsId) {
        for (SrtpProfile profile : values()) {
            if (profile.dtlsId == dtlsId) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
