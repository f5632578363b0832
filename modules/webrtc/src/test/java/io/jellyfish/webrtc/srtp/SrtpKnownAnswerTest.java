package io.jellyfish.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B vectors and libsrtp's srtp_validate / srtp_validate_gcm packets. */
class SrtpKnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    @Test
    void aesCmKeystreamMatchesRfc3711AppendixB2() {
        AesCmKeystream keystream = new AesCmKeystream(hex("2B7E151628AED2A6ABF7158809CF4F3C"),
                hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"));
        byte[] zeros = new byte[0xff02 * 16];
        keystream.apply(zeros, 0, zeros.length, 0, 0);

        assertArrayEquals(hex("E03EAD0935C95E80E166B16DD92B4EB4"), block(zeros, 0x0000));
        assertArrayEquals(hex("D23513162B02D0F72A43A2FE4A5F97AB"), block(zeros, 0x0001));
        assertArrayEquals(hex("41E95B3BB0A2E8DD477901E4FCA894C0"), block(zeros, 0x0002));
        assertArrayEquals(hex("EC8CDF7398607CB0F2D21675EA9EA1E4"), block(zeros, 0xfeff));
        assertArrayEquals(hex("362B7C3C6773516318A077D7FC5073AE"), block(zeros, 0xff00));
        assertArrayEquals(hex("6A2CC3787889374FBEB4C81B17BA6C44"), block(zeros, 0xff01));
    }

    @Test
    void keyDerivationMatchesRfc3711AppendixB3() {
        byte[] masterKey = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = hex("0EC675AD498AFEEBB6960B3AABE6");

        assertArrayEquals(hex("C61E7A93744F39EE10734AFE3FF7A087"),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16));
        assertArrayEquals(hex("30CBBC08863D8C85D49DB34A9AE1"),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, 14));
        assertArrayEquals(hex("CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                        + "E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25"
                        + "6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_AUTHENTICATION, 94));
    }

    private static final String RTP_PLAIN = "800f1234 decafbad cafebabe abababab abababab abababab abababab";
    private static final String RTCP_PLAIN = "81c8000b cafebabe abababab abababab abababab abababab";

    @Test
    void aesCmPacketsMatchLibsrtpValidate() {
        byte[] key = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] salt = hex("0EC675AD498AFEEBB6960B3AABE6");
        assertKnownAnswer(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt,
                "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb",
                "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c1230798");
    }

    @Test
    void aesGcmPacketsMatchLibsrtpValidateGcm() {
        byte[] key = hex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = hex("a0a1a2a3a4a5a6a7a8a9aaab");
        assertKnownAnswer(SrtpProfile.AEAD_AES_128_GCM, key, salt,
                "800f1234 decafbad cafebabe c5002ede 04cfdd2e b91159e0 880aa06e d2976826 f796b201 df3131a1 27e8a392",
                "81c8000b cafebabe c98b8b5d f0392a55 852b6c21 ac8e7025 c52c6fbe a2b3b446 ea31123b a88ce61e 80000001");
    }

    private static void assertKnownAnswer(SrtpProfile profile, byte[] key, byte[] salt, String srtp, String srtcp) {
        SrtpSession sender = new SrtpSession(profile, key, salt, key, salt);
        SrtpSession receiver = new SrtpSession(profile, key, salt, key, salt);

        byte[] rtp = Arrays.copyOf(hex(RTP_PLAIN), 64);
        int protectedLength = sender.protectRtp(rtp, 0, 28);
        assertEquals(HEX.formatHex(hex(srtp)), HEX.formatHex(rtp, 0, protectedLength));
        assertEquals(28, receiver.unprotectRtp(rtp, 0, protectedLength));
        assertEquals(HEX.formatHex(hex(RTP_PLAIN)), HEX.formatHex(rtp, 0, 28));

        byte[] rtcp = Arrays.copyOf(hex(RTCP_PLAIN), 64);
        protectedLength = sender.protectRtcp(rtcp, 0, 24);
        assertEquals(HEX.formatHex(hex(srtcp)), HEX.formatHex(rtcp, 0, protectedLength));
        assertEquals(24, receiver.unprotectRtcp(rtcp, 0, protectedLength));
        assertEquals(HEX.formatHex(hex(RTCP_PLAIN)), HEX.formatHex(rtcp, 0, 24));
    }

    private static byte[] block(byte[] stream, int index) {
        return Arrays.copyOfRange(stream, index * 16, index * 16 + 16);
    }
}
