package io.jellyfish.webrtc.session;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The figures of one peer the server metrics report carries (metrics.md 4.1): the ICE payload
 * traffic of the endpoint and, per published track, the RTP it received. Only what the server
 * measures itself; nothing is estimated. Counting allocates nothing.
 */
final class EndpointStats {
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder packetsSent = new LongAdder();

    /** RTP received for one published track; written by the publisher's listener thread only. */
    static final class InboundRtp {
        private volatile long packets;
        private volatile long bytes;
        private volatile long markers;

        void received(int length, boolean marker) {
            packets = packets + 1; // single writer: no lost updates
            bytes = bytes + length;
            if (marker) {
                markers = markers + 1;
            }
        }
    }

    void received(int length) {
        bytesReceived.add(length);
        packetsReceived.increment();
    }

    void sent(int length) {
        bytesSent.add(length);
        packetsSent.increment();
    }

    /** The endpoint's ice.* figures, then {@code track_id=<id>} for each published track. */
    Map<String, Object> report(Iterable<InboundTrack> published) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ice.bytes_received", bytesReceived.sum());
        report.put("ice.packets_received", packetsReceived.sum());
        report.put("ice.bytes_sent", bytesSent.sum());
        report.put("ice.packets_sent", packetsSent.sum());
        for (InboundTrack track : published) {
            Map<String, Object> rtp = new LinkedHashMap<>();
            rtp.put("inbound-rtp.packets", track.inboundRtp.packets);
            rtp.put("inbound-rtp.bytes_received", track.inboundRtp.bytes);
            rtp.put("inbound-rtp.markers_received", track.inboundRtp.markers);
            rtp.put("inbound-rtp.encoding", track.codec.name().toUpperCase(Locale.ROOT));
            report.put("track_id=" + track.id(), rtp);
        }
        return report;
    }
}
