package io.jellyfish.webrtc;

import io.jellyfish.api.spi.MediaPlaneProvider;
import io.jellyfish.api.spi.ServerContext;
import io.jellyfish.webrtc.session.WebRtcPlane;

/** The service the launcher finds: the media plane on the JF_WEBRTC_* settings. */
public final class WebRtcMediaPlaneProvider implements MediaPlaneProvider {
    @Override
    public RunningMediaPlane start(ServerContext context) {
        return new WebRtcPlane(context.config().webrtc());
    }
}
