package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Vp8MungerTest {

    private final Vp8Munger munger = new Vp8Munger();
    private final Vp8Payload vp8 = new Vp8Payload();

    @Test
    void picturesContinueAcrossALayerSwitch() {
        assertEquals(new Fields(0x7FFE, 200, 3), forward(0x7FFE, 200, 3, true));
        assertEquals(new Fields(0x7FFF, 200, 3), forward(0x7FFF, 200, 3, false));
        // Other layer with unrelated numbering: continues at last+1 and wraps each field's width.
        assertEquals(new Fields(0, 201, 4), forward(0x0100, 10, 30, true));
        assertEquals(new Fields(1, 201, 4), forward(0x0101, 10, 30, false));
        assertEquals(new Fields(2, 202, 5), forward(0x0102, 11, 31, false));
        assertEquals(new Fields(3, 202, 6), forward(0x0103, 11, 0, false));
    }

    private record Fields(int pictureId, int tl0PicIdx, int keyIdx) {
    }

    private Fields forward(int pictureId, int tl0PicIdx, int keyIdx, boolean layerSwitch) {
        byte[] packet = HexFormat.of().parseHex("90f0" + String.format("%04x%02x%02x", 0x8000 | pictureId, tl0PicIdx, keyIdx) + "10");
        vp8.parse(packet, 0, packet.length);
        munger.rewrite(vp8, layerSwitch);
        vp8.parse(packet, 0, packet.length);
        return new Fields(vp8.pictureId(), vp8.tl0PicIdx(), vp8.keyIdx());
    }
}
