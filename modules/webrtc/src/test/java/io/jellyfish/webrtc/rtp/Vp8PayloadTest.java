package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Vp8PayloadTest {

    private static final HexFormat HEX = HexFormat.of();
    private final Vp8Payload vp8 = new Vp8Payload();

    /** X=1 S=1 PID=0; I L T K; 15-bit PictureID 0x1234; TL0PICIDX 7; TID 2 Y=1 KEYIDX 5; keyframe header (P=0). */
    static byte[] fullDescriptorKeyframe() {
        return HEX.parseHex("90" + "f0" + "9234" + "07" + "a5" + "109d012a");
    }

    @Test
    void parsesEveryDescriptorField() {
        byte[] bytes = fullDescriptorKeyframe();
        assertTrue(vp8.parse(bytes, 0, bytes.length));
        assertEquals(6, vp8.descriptorLength());
        assertTrue(vp8.isStartOfPartition());
        assertEquals(0, vp8.partitionId());
        assertFalse(vp8.isNonReference());
        assertEquals(15, vp8.pictureIdBits());
        assertEquals(0x1234, vp8.pictureId());
        assertEquals(7, vp8.tl0PicIdx());
        assertEquals(2, vp8.tid());
        assertTrue(vp8.layerSync());
        assertEquals(5, vp8.keyIdx());
        assertTrue(vp8.isKeyframe());
    }

    @Test
    void keyframeNeedsStartPartitionZeroAndPBitClear() {
        assertFalse(parse("90f09234" + "07a5" + "119d012a").isKeyframe()); // P=1: interframe
        assertFalse(parse("80f09234" + "07a5" + "109d012a").isKeyframe()); // S=0
        assertFalse(parse("91f09234" + "07a5" + "109d012a").isKeyframe()); // PID=1
        assertTrue(parse("10" + "109d012a").isKeyframe()); // no extensions at all
    }

    @Test
    void sevenBitPictureIdAndAbsentFields() {
        Vp8Payload p = parse("b0" + "80" + "2a" + "11");
        assertTrue(p.isNonReference());
        assertEquals(7, p.pictureIdBits());
        assertEquals(0x2A, p.pictureId());
        assertEquals(-1, p.tl0PicIdx());
        assertEquals(-1, p.tid());
        assertEquals(-1, p.keyIdx());
        p.setTl0PicIdx(9); // no-op without the field
        p.setPictureId(0x1FF);
        assertEquals(0x7F, p.pictureId());
    }

    @Test
    void rewritesInPlace() {
        byte[] bytes = fullDescriptorKeyframe();
        vp8.parse(bytes, 0, bytes.length);
        vp8.setPictureId(0x8001);
        vp8.setTl0PicIdx(0x1FF);
        vp8.setKeyIdx(33);
        assertTrue(vp8.parse(bytes, 0, bytes.length));
        assertEquals(1, vp8.pictureId());
        assertEquals(0xFF, vp8.tl0PicIdx());
        assertEquals(1, vp8.keyIdx());
        assertEquals(2, vp8.tid());
        assertTrue(vp8.layerSync());
    }

    @Test
    void truncatedDescriptorsAreInvalid() {
        byte[] bytes = fullDescriptorKeyframe();
        for (int length = 0; length <= 6; length++) {
            assertFalse(vp8.parse(bytes, 0, length), "length " + length);
        }
        assertFalse(vp8.parse(null, 0, 1));
        assertFalse(vp8.parse(bytes, 8, 4));
    }

    private Vp8Payload parse(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertTrue(vp8.parse(bytes, 0, bytes.length), hex);
        return vp8;
    }
}
