package io.jellyfish.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jellyfish.bench.BenchSupport.BenchFailure;
import io.jellyfish.protocol.PeerNotifications.PeerMessage;
import io.jellyfish.webrtc.srtp.SrtpKeyingMaterial;
import io.jellyfish.webrtc.srtp.SrtpSession;
import io.jellyfish.webrtc.stun.ChannelData;
import io.jellyfish.webrtc.stun.Stun;
import io.jellyfish.webrtc.stun.StunIntegrity;
import io.jellyfish.webrtc.stun.StunMessage;
import io.jellyfish.webrtc.stun.StunMessageBuilder;
import io.jellyfish.webrtc.stun.StunParseException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;

/**
 * A synthetic WebRTC peer that takes the browser's place on the real path (webrtc.md 2-4): a
 * REST-created peer's token, the peer WebSocket ({@code authRequest}, then media events as JSON
 * in {@code mediaEvent}), {@code connect}, an SDP offer, then a TURN client on a UDP socket to
 * the peer's own TURN listener (Allocate with the 401 long-term credential dance,
 * CreatePermission and ChannelBind towards the server's virtual host candidate), an ICE binding
 * request with USE-CANDIDATE through the channel (short-term integrity with the server's ice-pwd),
 * the DTLS client handshake over ChannelData, and the exported SRTP keys.
 *
 * <p>A publisher offers one sendonly VP8 m-line and declines to receive (it answers only the first
 * {@code offerData}, with no recvonly m-line, so the server never forwards to it). A subscriber
 * offers as many recvonly video m-lines as {@code offerData} asks for, and learns from the answer
 * which SSRC carries which track. After {@link #setUp} the UDP socket belongs to the load
 * ({@link MediaLoad}): non-blocking, ChannelData on channel {@link #CHANNEL}.
 */
final class SyntheticPeer implements AutoCloseable {

    enum Role { PUBLISHER, SUBSCRIBER }

    static final int CHANNEL = 0x4000;
    static final int VP8_PT = 96;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERICS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);

    final String name;
    final Role role;
    private final String token;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<String> skipped = new ArrayList<>();
    private final BenchDtlsClient.Identity identity = BenchDtlsClient.Identity.generate();
    private WebSocket socket;
    private String endpointId;

    // publisher
    final long ssrc = (RANDOM.nextInt() & 0xFFFF_FFFFL) | 0x1000;
    String trackId;

    // subscriber: SSRC (as the server sends it to this peer) -> published track id
    final Map<Long, String> ssrcToTrackId = new LinkedHashMap<>();

    // transport
    private DatagramChannel udp;
    private DatagramSocket udpSocket;
    private InetSocketAddress turnServer;
    private InetSocketAddress hostCandidate;
    private String serverUfrag;
    private String serverPwd;
    private String serverFingerprint;
    private String localUfrag;
    private String localPwd;
    private SrtpKeyingMaterial keys;
    private String turnUsername;
    private byte[] turnKey;
    private String realm;
    private String nonce;

    SyntheticPeer(String name, Role role, String token) {
        this.name = name;
        this.role = role;
        this.token = token;
    }

    DatagramChannel channel() {
        return udp;
    }

    InetSocketAddress turnServer() {
        return turnServer;
    }

    /** A fresh session per direction: protect and unprotect run on different threads. */
    SrtpSession newSrtpSession() {
        return SrtpSession.forClient(keys);
    }

    String endpointId() {
        return endpointId;
    }

    // ------------------------------------------------------------------ the whole set-up

    /** Socket, connect, offer/answer, TURN, ICE and DTLS; afterwards {@link #channel()} is non-blocking. */
    void setUp(HttpClient http, int port) throws Exception {
        openSocket(http, port);
        send(event("connect", JSON.createObjectNode().set("metadata", JSON.createObjectNode().put("name", name))));
        endpointId = await("connected").path("data").path("id").asText();
        JsonNode offerData;
        if (role == Role.PUBLISHER) {
            trackId = endpointId + ":" + UUID.randomUUID();
            send(custom("renegotiateTracks", null));
            offerData = await("offerData");
        } else {
            offerData = await("offerData");
        }
        JsonNode turn = offerData.path("data").path("integratedTurnServers").path(0);
        turnServer = new InetSocketAddress(InetAddress.getByName(turn.path("serverAddr").asText()),
                turn.path("serverPort").asInt());
        turnUsername = turn.path("username").asText();
        String turnPassword = turn.path("password").asText();
        negotiate(offerData.path("data").path("tracksTypes").path("video").asInt());

        udp = DatagramChannel.open();
        udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        udp.connect(turnServer);
        udpSocket = udp.socket();
        udpSocket.setSoTimeout(1000);
        allocate(turnPassword);
        turnRequest(authenticated(Stun.CREATE_PERMISSION)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate), "CreatePermission");
        turnRequest(authenticated(Stun.CHANNEL_BIND).addChannelNumber(CHANNEL)
                .addXorAddress(Stun.ATTR_XOR_PEER_ADDRESS, hostCandidate), "ChannelBind");
        nominate();
        dtlsHandshake();
        udp.configureBlocking(false);
    }

    /**
     * A subscriber's later negotiation (more tracks were published after it joined): a new offer
     * with an ICE restart, then a new nomination on the same allocation. Call before the load
     * owns the socket. Returns false when no offerData is waiting.
     */
    boolean renegotiateIfAsked(Duration wait) throws Exception {
        JsonNode offerData = poll("offerData", wait);
        if (offerData == null) {
            return false;
        }
        negotiate(offerData.path("data").path("tracksTypes").path("video").asInt());
        udp.configureBlocking(true);
        nominate();
        udp.configureBlocking(false);
        return true;
    }

    // ------------------------------------------------------------------ signalling

    private void openSocket(HttpClient http, int port) throws Exception {
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket/peer/websocket"), new Listener())
                .get(15, TimeUnit.SECONDS);
        sendFrame(PeerMessage.newBuilder().setAuthRequest(PeerMessage.AuthRequest.newBuilder().setToken(token)).build());
        await("__authenticated");
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream frame = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            frame.writeBytes(chunk);
            if (last) {
                byte[] bytes = frame.toByteArray();
                frame.reset();
                try {
                    PeerMessage message = PeerMessage.parseFrom(bytes);
                    switch (message.getContentCase()) {
                        case AUTHENTICATED -> events.add(JSON.createObjectNode().put("type", "__authenticated"));
                        case MEDIA_EVENT -> {
                            JsonNode event = JSON.readTree(message.getMediaEvent().getData());
                            // Wrapped ones (offerData, sdpAnswer, candidate, ...) are unwrapped (webrtc.md 2.1).
                            events.add("custom".equals(event.path("type").asText()) ? event.path("data") : event);
                        }
                        default -> {
                        }
                    }
                } catch (IOException e) {
                    events.add(JSON.createObjectNode().put("type", "__invalid").put("error", e.toString()));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add(JSON.createObjectNode().put("type", "__closed").put("status", statusCode).put("reason", reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add(JSON.createObjectNode().put("type", "__closed").put("error", error.toString()));
        }
    }

    private synchronized void sendFrame(PeerMessage message) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(message.toByteArray()), true).get(10, TimeUnit.SECONDS);
    }

    private void send(ObjectNode mediaEvent) throws Exception {
        sendFrame(PeerMessage.newBuilder().setMediaEvent(PeerMessage.MediaEvent.newBuilder()
                .setData(JSON.writeValueAsString(mediaEvent))).build());
    }

    private static ObjectNode event(String type, JsonNode data) {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        if (data != null) {
            event.set("data", data);
        }
        return event;
    }

    private static ObjectNode custom(String type, JsonNode data) {
        return event("custom", event(type, data));
    }

    /** The next event of {@code type}; events of other types before it are skipped (kept for diagnostics). */
    private JsonNode await(String type) throws InterruptedException {
        JsonNode event = poll(type, EVENT_TIMEOUT);
        if (event == null) {
            throw new BenchFailure(name + ": no " + type + " within " + EVENT_TIMEOUT.toSeconds() + " s (skipped: "
                    + skipped + ")");
        }
        return event;
    }

    private JsonNode poll(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode event = left <= 0 ? events.poll() : events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                return null;
            }
            String got = event.path("type").asText();
            if (got.equals(type)) {
                return event;
            }
            if (got.equals("__closed") || got.equals("error")) {
                throw new BenchFailure(name + ": the server ended the session while waiting for " + type + ": " + event);
            }
            if (skipped.size() < 20) {
                skipped.add(got);
            }
        }
    }

    /** Offer, answer, candidate. */
    private void negotiate(int recvonlyVideo) throws Exception {
        localUfrag = random(8);
        localPwd = random(24);
        StringBuilder sdp = new StringBuilder(2048);
        int sections = role == Role.PUBLISHER ? 1 : recvonlyVideo;
        if (sections == 0) {
            throw new BenchFailure(name + ": offerData asks for no video m-line: nothing to receive");
        }
        sdp.append("v=0\r\no=- ").append(RANDOM.nextLong() & Long.MAX_VALUE).append(" 2 IN IP4 127.0.0.1\r\n")
                .append("s=-\r\nt=0 0\r\na=group:BUNDLE");
        for (int mid = 0; mid < sections; mid++) {
            sdp.append(' ').append(mid);
        }
        sdp.append("\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n");
        String stream = UUID.randomUUID().toString();
        for (int mid = 0; mid < sections; mid++) {
            sdp.append("m=video 9 UDP/TLS/RTP/SAVPF ").append(VP8_PT).append("\r\n")
                    .append("c=IN IP4 0.0.0.0\r\n")
                    .append("a=rtcp:9 IN IP4 0.0.0.0\r\n")
                    .append("a=ice-ufrag:").append(localUfrag).append("\r\n")
                    .append("a=ice-pwd:").append(localPwd).append("\r\n")
                    .append("a=ice-options:trickle\r\n")
                    .append("a=fingerprint:sha-256 ").append(identity.fingerprint()).append("\r\n")
                    .append("a=setup:actpass\r\n")
                    .append("a=mid:").append(mid).append("\r\n")
                    .append(role == Role.PUBLISHER ? "a=sendonly\r\n" : "a=recvonly\r\n");
            if (role == Role.PUBLISHER) {
                sdp.append("a=msid:").append(stream).append(' ').append(trackId).append("\r\n");
            }
            sdp.append("a=rtcp-mux\r\n")
                    .append("a=rtcp-rsize\r\n")
                    .append("a=rtpmap:").append(VP8_PT).append(" VP8/90000\r\n")
                    .append("a=rtcp-fb:").append(VP8_PT).append(" ccm fir\r\n")
                    .append("a=rtcp-fb:").append(VP8_PT).append(" nack\r\n")
                    .append("a=rtcp-fb:").append(VP8_PT).append(" nack pli\r\n");
            if (role == Role.PUBLISHER) {
                sdp.append("a=ssrc:").append(ssrc).append(" cname:").append(name).append("\r\n")
                        .append("a=ssrc:").append(ssrc).append(" msid:").append(stream).append(' ')
                        .append(trackId).append("\r\n");
            }
        }
        ObjectNode data = JSON.createObjectNode();
        data.set("sdpOffer", JSON.createObjectNode().put("type", "offer").put("sdp", sdp.toString()));
        ObjectNode metadata = JSON.createObjectNode();
        ObjectNode bitrates = JSON.createObjectNode();
        ObjectNode midToTrackId = JSON.createObjectNode();
        if (role == Role.PUBLISHER) {
            metadata.set(trackId, JSON.createObjectNode().put("type", "camera"));
            bitrates.put(trackId, 2_500_000);
            midToTrackId.put("0", trackId);
        }
        data.set("trackIdToTrackMetadata", metadata);
        data.set("trackIdToTrackBitrates", bitrates);
        data.set("midToTrackId", midToTrackId);
        send(custom("sdpOffer", data));

        JsonNode answer = await("sdpAnswer").path("data");
        parseAnswer(answer.path("sdp").asText(), answer.path("midToTrackId"));
        String candidate = await("candidate").path("data").path("candidate").asText();
        // "a=candidate:1 1 UDP 2015363327 127.0.0.1 47213 typ host"
        String[] parts = candidate.replaceFirst("^a=", "").trim().split("\\s+");
        if (parts.length < 8 || !parts[7].equals("host")) {
            throw new BenchFailure(name + ": unexpected server candidate " + candidate);
        }
        hostCandidate = new InetSocketAddress(InetAddress.getByName(parts[4]), Integer.parseInt(parts[5]));
    }

    private void parseAnswer(String sdp, JsonNode midToTrackId) {
        String mid = null;
        String direction = null;
        Map<String, Long> ssrcByMid = new HashMap<>();
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("m=")) {
                mid = null;
                direction = null;
            } else if (line.startsWith("a=ice-ufrag:")) {
                serverUfrag = line.substring("a=ice-ufrag:".length()); // the same in every section
            } else if (line.startsWith("a=ice-pwd:")) {
                serverPwd = line.substring("a=ice-pwd:".length());
            } else if (line.startsWith("a=fingerprint:sha-256 ")) {
                serverFingerprint = line.substring("a=fingerprint:sha-256 ".length()).trim();
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length());
            } else if (line.equals("a=sendonly") || line.equals("a=recvonly") || line.equals("a=inactive")) {
                direction = line.substring(2);
            } else if (line.startsWith("a=ssrc:") && mid != null && "sendonly".equals(direction)) {
                String value = line.substring("a=ssrc:".length());
                ssrcByMid.putIfAbsent(mid, Long.parseLong(value.substring(0, value.indexOf(' '))));
            }
        }
        if (serverUfrag == null || serverPwd == null || serverFingerprint == null) {
            throw new BenchFailure(name + ": the answer lacks ICE credentials or a fingerprint:\n" + sdp);
        }
        if (role == Role.SUBSCRIBER) {
            ssrcToTrackId.clear();
            ssrcByMid.forEach((m, s) -> {
                String track = midToTrackId.path(m).asText(null);
                if (track != null) {
                    ssrcToTrackId.put(s, track);
                }
            });
        } else if (!sdp.contains("a=recvonly")) {
            throw new BenchFailure(name + ": the server did not accept the published track:\n" + sdp);
        }
    }

    // ------------------------------------------------------------------ TURN and ICE

    private void allocate(String password) throws IOException {
        StunMessage challenge = exchange(new StunMessageBuilder(Stun.ALLOCATE, Stun.REQUEST,
                StunMessageBuilder.newTransactionId()).addRequestedTransport(Stun.TRANSPORT_UDP).build(), "Allocate");
        if (challenge.messageClass() != Stun.ERROR || challenge.errorCode() != 401) {
            throw new BenchFailure(name + ": the first Allocate was not challenged with 401");
        }
        realm = challenge.realm();
        nonce = challenge.nonce();
        turnKey = StunIntegrity.longTermKey(turnUsername, realm, password);
        turnRequest(authenticated(Stun.ALLOCATE).addRequestedTransport(Stun.TRANSPORT_UDP), "Allocate");
    }

    private StunMessageBuilder authenticated(int method) {
        return new StunMessageBuilder(method, Stun.REQUEST, StunMessageBuilder.newTransactionId())
                .addString(Stun.ATTR_USERNAME, turnUsername)
                .addString(Stun.ATTR_REALM, realm)
                .addString(Stun.ATTR_NONCE, nonce);
    }

    private void turnRequest(StunMessageBuilder request, String what) throws IOException {
        StunMessage response = exchange(request.addMessageIntegrity(turnKey).build(), what);
        if (response.messageClass() != Stun.SUCCESS) {
            throw new BenchFailure(name + ": TURN " + what + " failed with " + response.errorCode());
        }
    }

    /** Sends a STUN request (retransmitted up to 5 times, 1 s apart) and returns the response. */
    private StunMessage exchange(byte[] request, String what) throws IOException {
        byte[] transaction = Arrays.copyOfRange(request, 8, 20);
        for (int attempt = 0; attempt < 5; attempt++) {
            udp.write(ByteBuffer.wrap(request));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            byte[] datagram;
            while ((datagram = receiveUntil(deadline)) != null) {
                if (ChannelData.isChannelData(datagram[0])) {
                    continue;
                }
                try {
                    StunMessage message = StunMessage.parse(datagram);
                    if (message.hasTransactionId(transaction)) {
                        return message;
                    }
                } catch (StunParseException e) {
                    // not for us
                }
            }
        }
        throw new BenchFailure(name + ": no answer to TURN " + what + " from " + turnServer);
    }

    /** ICE: Binding request with USE-CANDIDATE through the channel, until the success response. */
    private void nominate() throws IOException {
        byte[] transaction = StunMessageBuilder.newTransactionId();
        byte[] request = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, transaction)
                .addString(Stun.ATTR_USERNAME, serverUfrag + ":" + localUfrag)
                .addUInt32(Stun.ATTR_PRIORITY, 0x00FF_FFFFL)
                .addUInt64(Stun.ATTR_ICE_CONTROLLING, RANDOM.nextLong())
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addMessageIntegrity(StunIntegrity.shortTermKey(serverPwd))
                .addFingerprint()
                .build();
        for (int attempt = 0; attempt < 10; attempt++) {
            sendChannelData(request, 0, request.length);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            byte[] datagram;
            while ((datagram = receiveUntil(deadline)) != null) {
                byte[] data = unwrap(datagram);
                if (data == null || (data[0] & 0xFF) > 3) {
                    continue;
                }
                try {
                    StunMessage message = StunMessage.parse(data);
                    if (!message.hasTransactionId(transaction)) {
                        continue;
                    }
                    if (message.messageClass() != Stun.SUCCESS
                            || !message.verifyIntegrity(StunIntegrity.shortTermKey(serverPwd))) {
                        throw new BenchFailure(name + ": ICE binding request refused (" + message.errorCode() + ")");
                    }
                    return;
                } catch (StunParseException e) {
                    // not for us
                }
            }
        }
        throw new BenchFailure(name + ": no answer to the ICE binding request through " + turnServer);
    }

    private void sendChannelData(byte[] data, int offset, int length) throws IOException {
        byte[] frame = new byte[ChannelData.frameLength(length, false)];
        ChannelData.write(frame, 0, CHANNEL, data, offset, length, false);
        udp.write(ByteBuffer.wrap(frame));
    }

    /** The payload of a ChannelData frame on our channel, or of a Data indication; null otherwise. */
    private static byte[] unwrap(byte[] datagram) {
        if (ChannelData.isChannelData(datagram[0])) {
            try {
                int length = ChannelData.datagramDataLength(datagram, 0, datagram.length);
                return length == 0 ? null : Arrays.copyOfRange(datagram, ChannelData.HEADER_LENGTH,
                        ChannelData.HEADER_LENGTH + length);
            } catch (StunParseException e) {
                return null;
            }
        }
        try {
            StunMessage message = StunMessage.parse(datagram);
            if (message.is(Stun.DATA, Stun.INDICATION)) {
                return message.bytes(Stun.ATTR_DATA);
            }
        } catch (StunParseException e) {
            // not a data indication
        }
        return null;
    }

    /** One datagram from the TURN server before {@code deadline} (System.nanoTime), or null. */
    private byte[] receiveUntil(long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            return null;
        }
        udpSocket.setSoTimeout((int) Math.max(1, left));
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            udpSocket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return packet.getLength() == 0 ? null : Arrays.copyOf(buffer, packet.getLength());
    }

    // ------------------------------------------------------------------ DTLS

    private void dtlsHandshake() throws IOException {
        BenchDtlsClient client = new BenchDtlsClient(identity, serverFingerprint);
        new DTLSClientProtocol().connect(client, new ChannelTransport());
        keys = client.keys();
        if (keys == null) {
            throw new BenchFailure(name + ": DTLS completed without SRTP keys");
        }
    }

    /** DTLS records inside ChannelData frames on our channel (webrtc.md 4.6: records under 1200 bytes). */
    private final class ChannelTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, waitMillis));
            byte[] datagram;
            while ((datagram = receiveUntil(deadline)) != null) {
                byte[] data = unwrap(datagram);
                if (data != null && data.length > 0 && (data[0] & 0xFF) >= 20 && (data[0] & 0xFF) <= 63) {
                    int n = Math.min(len, data.length);
                    System.arraycopy(data, 0, buf, off, n);
                    return n;
                }
            }
            return -1;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            sendChannelData(buf, off, len);
        }

        @Override
        public void close() {
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERICS.charAt(RANDOM.nextInt(ALPHANUMERICS.length())));
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
        if (udp != null) {
            try {
                udp.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
