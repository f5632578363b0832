package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoiceActivityTest {
    private static final int EXTENSION_ID = 1;
    private static final int LOUD = 0x80 | 20; // V flag set, -20 dBov
    private static final int QUIET = 100;

    private final List<Boolean> heard = new ArrayList<>();
    private final List<VoiceActivity.Listener> listeners = List.of(heard::add);
    private final VoiceActivity activity = new VoiceActivity(EXTENSION_ID);
    private final RtpPacket packet = new RtpPacket();
    private long timestamp = 1000;

    /** An Opus packet with a one-byte-header audio-level element (RFC 8285, RFC 6464). */
    private RtpPacket packet(int extensionId, int level, long rtpTimestamp) {
        byte[] data = {
                (byte) 0x90, 111, 0, 1, 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44,
                (byte) 0xBE, (byte) 0xDE, 0, 1, (byte) (extensionId << 4), (byte) level, 0, 0,
                1, 2, 3};
        data[4] = (byte) (rtpTimestamp >>> 24);
        data[5] = (byte) (rtpTimestamp >>> 16);
        data[6] = (byte) (rtpTimestamp >>> 8);
        data[7] = (byte) rtpTimestamp;
        assertTrue(packet.wrap(data, 0, data.length));
        return packet;
    }

    private void send(int level, int count) {
        for (int i = 0; i < count; i++) {
            timestamp += 960;
            activity.onPacket(packet(EXTENSION_ID, level, timestamp), listeners);
        }
    }

    @Test
    void announcesEachChangeOnce() {
        send(QUIET, 100);
        assertEquals(List.of(), heard);
        send(LOUD, 50);
        assertEquals(List.of(true), heard);
        send(QUIET, 50);
        assertEquals(List.of(true, false), heard);
    }

    @Test
    void aNewListenerGetsTheCurrentState() {
        List<Boolean> late = new ArrayList<>();
        activity.announceTo(late::add);
        send(LOUD, 80);
        activity.announceTo(late::add);
        assertEquals(List.of(false, true), late);
    }

    @Test
    void packetsWithoutTheExtensionAreIgnored() {
        for (int i = 0; i < 100; i++) {
            timestamp += 960;
            activity.onPacket(packet(EXTENSION_ID + 1, LOUD, timestamp), listeners);
        }
        assertEquals(List.of(), heard);
    }

    @Test
    void packetsWithOlderTimestampsAreSkipped() {
        send(QUIET, 100);
        long late = timestamp - 960 * 50;
        for (int i = 0; i < 100; i++) {
            activity.onPacket(packet(EXTENSION_ID, LOUD, late + i), listeners);
        }
        assertEquals(List.of(), heard, "reordered loud packets must not count");
        send(LOUD, 3);
        assertEquals(List.of(true), heard);
    }

    @Test
    void timestampsWrapAround() {
        timestamp = 0xFFFF_FFFFL - 960 * 10;
        send(LOUD, 100);
        assertEquals(List.of(true), heard);
    }
}
