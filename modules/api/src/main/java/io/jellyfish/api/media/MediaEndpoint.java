package io.jellyfish.api.media;

import java.util.Collection;
import java.util.Set;

/**
 * One peer's media endpoint (webrtc.md 3): negotiation, transport and the tracks it receives. The
 * room calls these methods under its lock, in the order things happened in the room; an
 * implementation queues the work and returns at once.
 */
public interface MediaEndpoint extends AutoCloseable {
    /**
     * A media event the engine does not interpret itself: the inner {@code type} of a
     * {@code custom} event (renegotiateTracks, sdpOffer, candidate, setTargetTrackVariant,
     * trackVariantBitrates, ...) and its {@code data} as JSON text (null when absent).
     */
    void customEvent(String type, String dataJson);

    /**
     * Other endpoints' tracks this peer now receives. The room has already sent the client
     * {@code tracksAdded} for them; the endpoint negotiates them in (R1, R3).
     */
    void subscribe(Collection<PublishedTrack> tracks);

    /**
     * Which of these tracks the client already knows from an {@code sdpAnswer}'s
     * {@code midToTrackId}: only those may be named in {@code tracksRemoved} (R7).
     */
    Set<String> negotiatedTrackIds(Collection<String> trackIds);

    /** These received tracks are gone: their m-lines go inactive in a new negotiation. */
    void unsubscribe(Collection<String> trackIds);

    /** The publisher paused or resumed a simulcast layer of one of this peer's own tracks. */
    void encodingEnabled(String trackId, String encoding, boolean enabled);

    /** Releases the TURN listener, ICE/DTLS state and subscriptions. Idempotent. */
    @Override
    void close();
}
