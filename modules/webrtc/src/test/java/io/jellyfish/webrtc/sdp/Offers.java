package io.jellyfish.webrtc.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the Chromium offers under src/test/resources/sdp. */
final class Offers {
    static final String PUBLISHER = "publisher-offer.sdp";
    static final String SUBSCRIBER = "subscriber-offer.sdp";
    static final String SIMULCAST = "simulcast-offer.sdp";

    private Offers() {
    }

    static String text(String name) {
        try (InputStream in = Offers.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String name) {
        return SessionDescription.parse(text(name));
    }

    /** A one-video-section offer with the given rtpmap/fmtp/rtcp-fb lines and m-line formats. */
    static MediaSection video(String direction, String formats, String... lines) {
        String sdp = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF " + formats + "\nc=IN IP4 0.0.0.0\na=mid:0\na=" + direction + "\n"
                + String.join("\n", lines) + "\n";
        return SessionDescription.parse(sdp).media().getFirst();
    }
}
