package io.jellyfish.http.socket;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jellyfish.api.room.PeerLink;
import io.jellyfish.api.room.PeerSession;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.room.RoomService.PeerIdentity;
import io.jellyfish.protocol.PeerNotifications.PeerMessage;

import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The peer socket, {@code /socket/peer/websocket} (websockets-and-notifications.md 2): the first
 * binary frame authenticates with the peer token and binds the socket to its peer; afterwards
 * media events flow both ways. Close codes and reasons are those of section 2.5, except where
 * decision 2 of the spec index applies (text before authentication, malformed protobuf: 1003).
 */
final class PeerSocket extends Connection {

    static final byte[] AUTHENTICATED = PeerMessage.newBuilder()
            .setAuthenticated(PeerMessage.Authenticated.getDefaultInstance()).build().toByteArray();

    private final RoomService rooms;
    /** Set once authenticated; read by the closing path on other threads. */
    private volatile PeerSession peer;

    /** What the room holds: sends and closes only queue work for this connection. */
    private final PeerLink link = new PeerLink() {
        @Override
        public void sendMediaEvent(String json) {
            send(PeerMessage.newBuilder().setMediaEvent(PeerMessage.MediaEvent.newBuilder().setData(json))
                    .build().toByteArray());
        }

        @Override
        public void close(int code, String reason) {
            closeWith(code, reason);
        }

        @Override
        public String toString() {
            PeerSession session = peer;
            return "peer socket" + (session == null ? "" : " of " + session.peerId());
        }
    };

    PeerSocket(RoomService rooms, SocketSettings settings, SendScheduler sends, ScheduledExecutorService timers, Consumer<Connection> onEnd) {
        super(settings, sends, timers, onEnd);
        this.rooms = rooms;
    }

    @Override
    protected void onBinaryMessage(byte[] data) {
        PeerMessage message;
        try {
            message = PeerMessage.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            // Decision 2: a malformed frame closes only this socket (0.5.0 crashed: 1011).
            closeWith(UNSUPPORTED_DATA, "malformed protobuf");
            return;
        }
        PeerSession session = peer;
        if (session == null) {
            if (message.getContentCase() == PeerMessage.ContentCase.AUTH_REQUEST) {
                authenticate(message.getAuthRequest().getToken());
            } else {
                closeWith(NORMAL, "unauthenticated");
            }
            return;
        }
        switch (message.getContentCase()) {
            case MEDIA_EVENT -> session.onMediaEvent(message.getMediaEvent().getData());
            case AUTH_REQUEST -> log.log(Level.DEBUG, "peer {0} authenticated again: ignored", session.peerId());
            default -> log.log(Level.DEBUG, "peer {0} sent a frame without media event: ignored", session.peerId());
        }
    }

    private void authenticate(String token) {
        PeerSession session;
        try {
            // Order of section 2.3: token (signature, then age), room, peer, not already connected.
            PeerIdentity identity = rooms.verifyPeerToken(token);
            session = rooms.connectPeer(identity.roomId(), identity.peerId(), link);
        } catch (RoomException e) {
            closeWith(NORMAL, e.getMessage());
            return;
        }
        peer = session;
        // PeerConnected was published by connectPeer: Authenticated is the first frame on this socket.
        send(AUTHENTICATED);
        startPings();
        log.log(Level.DEBUG, "peer {0} of room {1} authenticated", session.peerId(), session.roomId());
    }

    @Override
    protected void onTextMessage() {
        if (peer == null) {
            // Decision 2 (0.5.0 crashed here with 1011): the client must authenticate first.
            closeWith(UNSUPPORTED_DATA, "unauthenticated");
        } else {
            log.log(Level.DEBUG, "peer {0} sent a text frame: ignored", peer.peerId());
        }
    }

    @Override
    protected void onClosing() {
        PeerSession session = peer;
        if (session != null) {
            // Section 2.8: the peer is disconnected as soon as its socket goes (a no-op when the
            // room itself closed the socket, or the peer is already bound to a newer one).
            session.disconnected();
        }
    }
}
