package io.jellyfish.webrtc.srtp;

/**
 * The AES-CM key derivation function of RFC 3711 4.3 with a key derivation rate of 0, which is
 * what DTLS-SRTP uses: the session keys are derived once per master key, independent of the
 * packet index and the SSRC. RFC 7714 11 reuses it for AES-GCM with the 96-bit salt zero-padded.
 */
final class SrtpKeyDerivation {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTHENTICATION = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTHENTICATION = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    private SrtpKeyDerivation() {
    }

    /**
     * Derives {@code length} bytes for {@code label}: the AES-CM keystream under the master key
     * with x = master_salt XOR (label << 48).
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] out = new byte[length];
        // key_id = label || r with r = 0: the label lands on the low SSRC byte of the counter block.
        new AesCmKeystream(masterKey, masterSalt).apply(out, 0, length, label, 0);
        return out;
    }
}
