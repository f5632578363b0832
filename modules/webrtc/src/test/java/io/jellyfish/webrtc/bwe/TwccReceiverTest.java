package io.jellyfish.webrtc.bwe;

import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.rtp.TransportFeedback;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jellyfish.webrtc.rtp.TransportFeedback.NOT_RECEIVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwccReceiverTest {

    private static final int EXTENSION_ID = 3;
    private static final long PUBLISHER_SSRC = 0x11223344L;
    private static final long SERVER_SSRC = 1;
    private static final long MS = 1_000_000;
    private static final long T0 = 123_456 * MS;

    private final TwccReceiver receiver = new TwccReceiver(T0);
    private final RtpPacket view = new RtpPacket();
    private final TransportFeedback.Reader reader = new TransportFeedback.Reader();
    private final byte[] out = new byte[1500];

    private record Status(int sequence, long offsetMicros) {
    }

    /** An RTP packet whose one-byte extension block carries {@code transportSequence} under id 3. */
    private RtpPacket packet(int transportSequence) {
        byte[] bytes = {
                (byte) 0x90, 96, 0, 1, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44,
                (byte) 0xBE, (byte) 0xDE, 0, 1, (byte) ((EXTENSION_ID << 4) | 1),
                (byte) (transportSequence >>> 8), (byte) transportSequence, 0,
                1, 2, 3, 4};
        assertTrue(view.wrap(bytes, 0, bytes.length));
        return view;
    }

    private void receive(int transportSequence, long atNanos) {
        receiver.onPacket(packet(transportSequence), atNanos);
    }

    private List<List<Status>> flush(long nowNanos) {
        List<List<Status>> packets = new ArrayList<>();
        for (int length; (length = receiver.writeFeedback(out, 0, SERVER_SSRC, nowNanos)) > 0; ) {
            assertTrue(reader.parse(out, 0, length));
            assertEquals(SERVER_SSRC, reader.senderSsrc());
            assertEquals(PUBLISHER_SSRC, reader.mediaSsrc());
            List<Status> statuses = new ArrayList<>();
            reader.forEach((sequence, offset) -> statuses.add(new Status(sequence, offset)));
            packets.add(statuses);
        }
        return packets;
    }

    @Test
    void reportsEveryPacketAfter250MsAcrossTheWrap() {
        receiver.setExtensionId(EXTENSION_ID);
        receive(65534, T0 + 10 * MS);
        receive(65535, T0 + 12 * MS);
        receive(0, T0 + 15 * MS);
        receive(2, T0 + 21 * MS); // 1 is missing
        assertFalse(receiver.feedbackDue(T0 + 249 * MS));
        assertTrue(receiver.feedbackDue(T0 + 250 * MS));

        List<List<Status>> packets = flush(T0 + 250 * MS);
        assertEquals(1, packets.size());
        List<Status> statuses = packets.getFirst();
        assertEquals(List.of(65534, 65535, 0, 1, 2), statuses.stream().map(Status::sequence).toList());
        assertEquals(NOT_RECEIVED, statuses.get(3).offsetMicros());
        assertEquals(2_000, statuses.get(1).offsetMicros() - statuses.get(0).offsetMicros());
        assertEquals(11_000, statuses.get(4).offsetMicros() - statuses.get(0).offsetMicros());
        assertEquals(0, reader.feedbackCount());
        assertFalse(receiver.feedbackDue(T0 + 600 * MS), "everything was reported");
    }

    @Test
    void theNextFeedbackStartsAfterTheLastAndCountsUp() {
        receiver.setExtensionId(EXTENSION_ID);
        receive(10, T0 + MS);
        flush(T0 + 250 * MS);
        receive(11, T0 + 300 * MS);
        receive(12, T0 + 310 * MS);
        assertFalse(receiver.feedbackDue(T0 + 400 * MS));
        List<Status> statuses = flush(T0 + 500 * MS).getFirst();
        assertEquals(List.of(11, 12), statuses.stream().map(Status::sequence).toList());
        assertEquals(1, reader.feedbackCount());
    }

    @Test
    void aPacketArrivingAfterItWasReportedLostIsReportedAgain() {
        receiver.setExtensionId(EXTENSION_ID);
        receive(1, T0 + MS);
        receive(3, T0 + 3 * MS);
        assertEquals(NOT_RECEIVED, flush(T0 + 250 * MS).getFirst().get(1).offsetMicros());
        receive(2, T0 + 260 * MS);
        receive(4, T0 + 261 * MS);
        List<Status> statuses = flush(T0 + 500 * MS).getFirst();
        assertEquals(List.of(2, 3, 4), statuses.stream().map(Status::sequence).toList());
        assertTrue(statuses.stream().allMatch(s -> s.offsetMicros() != NOT_RECEIVED));
    }

    @Test
    void memoryIsBoundedByTheHistory() {
        receiver.setExtensionId(EXTENSION_ID);
        int total = 3 * TwccReceiver.HISTORY + 5;
        for (int i = 0; i < total; i++) {
            receive(i & 0xFFFF, T0 + i * 100_000L);
        }
        List<List<Status>> packets = flush(T0 + 10_000 * MS);
        int reported = packets.stream().mapToInt(List::size).sum();
        assertEquals(TwccReceiver.HISTORY, reported);
        assertEquals((total - TwccReceiver.HISTORY) & 0xFFFF, packets.getFirst().getFirst().sequence());
        assertTrue(packets.stream().flatMap(List::stream).allMatch(s -> s.offsetMicros() != NOT_RECEIVED));
    }

    @Test
    void withoutTheExtensionNegotiatedNothingIsRecorded() {
        receive(1, T0 + MS);
        assertFalse(receiver.feedbackDue(T0 + 300 * MS));
        receiver.setExtensionId(5); // negotiated under another id: packet has none
        receive(2, T0 + 301 * MS);
        assertFalse(receiver.feedbackDue(T0 + 600 * MS));
    }
}
