package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class H264PayloadTest {

    @ParameterizedTest
    @CsvSource({
            "65888400, true",                         // single NAL IDR
            "6742c01f, true",                         // single NAL SPS
            "68ce3c80, false",                        // PPS alone
            "419a2400, false",                        // non-IDR slice
            "18 0004 6742c01f 0003 68ce3c 0002 6588, true", // STAP-A SPS, PPS, IDR
            "18 0002 419a, false",                    // STAP-A with only a non-IDR slice
            "18 0009 6742c01f, false",                // STAP-A size beyond the packet
            "18 0000 6742, false",                    // STAP-A zero-size NAL
            "18 00, false",                           // STAP-A truncated size
            "7c85 8884, true",                        // FU-A start of IDR
            "7c05 8884, false",                       // FU-A continuation of IDR
            "7c81 9a24, false",                       // FU-A start of non-IDR
            "7c, false",                              // FU-A without FU header
    })
    void detectsKeyframes(String hex, boolean keyframe) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertEquals(keyframe, H264Payload.isKeyframe(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "-1, 1", "3, 2"})
    void emptyOrOutOfRangeIsNotAKeyframe(int offset, int length) {
        assertEquals(false, H264Payload.isKeyframe(new byte[] {0x65, 0x00}, offset, length));
    }
}
