package io.jellyfish.webrtc.sdp;

import java.util.OptionalInt;
import java.util.Set;

/**
 * What the peer session wants from one offered m-section, keyed by mid in
 * {@link AnswerBuilder#answer}. A mid without a role is answered inactive.
 */
public sealed interface SectionRole {

    /**
     * A client-sending m-line carrying an inbound track (R6).
     *
     * @param streamId         the msid stream id the server uses for the track (e.g. the offer's)
     * @param simulcastEnabled the peer option; when false rid lines are not answered (R9)
     */
    record Publish(String streamId, boolean simulcastEnabled) implements SectionRole {
    }

    /**
     * A client-receiving m-line carrying another peer's track (R5).
     *
     * @param trackId             the published track's id (goes into the cname)
     * @param kind                the published track's kind; a mismatching m-line is answered inactive
     * @param streamId            the published track's stream id
     * @param codec               the codec negotiated with the publisher
     * @param publisherExtensions URIs negotiated on the publisher's m-line
     * @param ssrc                the server's SSRC for this track in this subscriber's session
     */
    record Subscribe(String trackId, MediaKind kind, String streamId, CodecChoice codec,
                     Set<String> publisherExtensions, long ssrc) implements SectionRole {
    }

    /** Removed, disabled or unwanted: {@code a=inactive}, keeping the previously negotiated pt if any. */
    record Inactive(OptionalInt previousPayloadType) implements SectionRole {
    }
}
