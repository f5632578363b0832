package io.jellyfish.webrtc.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ChannelDataTest {
    private static final byte[] PAYLOAD = {22, (byte) 0xFE, (byte) 0xFD, 1, 2};

    @Test
    void datagramFramingIsUnpadded() throws Exception {
        byte[] frame = new byte[16];
        int written = ChannelData.write(frame, 0, 0x4000, PAYLOAD, 0, PAYLOAD.length, false);

        assertEquals(9, written);
        assertTrue(ChannelData.isChannelData(frame[0]));
        assertEquals(0x4000, ChannelData.channelNumber(frame, 0));
        assertEquals(PAYLOAD.length, ChannelData.datagramDataLength(frame, 0, written));
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(frame, 4, 9));
        // RFC 5766 §11.5: a UDP datagram may still arrive padded.
        assertEquals(PAYLOAD.length, ChannelData.datagramDataLength(frame, 0, 12));
    }

    @Test
    void streamFramingPadsToFourBytes() throws Exception {
        byte[] stream = new byte[64];
        int first = ChannelData.write(stream, 0, 0x4001, PAYLOAD, 0, PAYLOAD.length, true);
        byte[] stun = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, StunMessageBuilder.newTransactionId()).build();
        System.arraycopy(stun, 0, stream, first, stun.length);

        assertEquals(12, first);
        assertEquals(0, stream[9] | stream[10] | stream[11]);
        assertEquals(-1, ChannelData.streamFrameLength(stream, 0, 3));
        assertEquals(-1, ChannelData.streamFrameLength(stream, 0, 11));
        assertEquals(12, ChannelData.streamFrameLength(stream, 0, 12 + stun.length));
        assertEquals(-1, ChannelData.streamFrameLength(stream, first, stun.length - 1));
        assertEquals(stun.length, ChannelData.streamFrameLength(stream, first, stun.length));
    }

    @Test
    void rejectsMalformedFrames() {
        byte[] frame = {0x40, 0x00, 0x00, 0x08, 1, 2};
        assertThrows(StunParseException.class, () -> ChannelData.datagramDataLength(frame, 0, frame.length));
        assertThrows(StunParseException.class, () -> ChannelData.datagramDataLength(frame, 0, 3));
        assertThrows(StunParseException.class, () -> ChannelData.streamFrameLength(new byte[] {(byte) 0x80, 0, 0, 0}, 0, 4));
        assertThrows(StunParseException.class, () -> ChannelData.streamFrameLength(new byte[] {0, 1, 0, 3}, 0, 4));
    }

    @Test
    void bindableChannelRange() {
        assertFalse(ChannelData.isBindableChannel(0x3FFF));
        assertTrue(ChannelData.isBindableChannel(0x4000));
        assertTrue(ChannelData.isBindableChannel(0x7FFE));
        assertFalse(ChannelData.isBindableChannel(0x7FFF));
    }
}
