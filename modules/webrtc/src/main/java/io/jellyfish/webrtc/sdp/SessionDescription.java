package io.jellyfish.webrtc.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable parsed SDP (RFC 8866) with the WebRTC attributes the server negotiates. Parsing is
 * lenient to unknown lines and attributes, strict about the ones it models: a malformed known line
 * is an {@link SdpParseException}, never a silently wrong answer.
 *
 * @param origin     the {@code o=} value
 * @param attributes the session-level {@code a=} lines in order
 * @param media      the m-sections in offer order
 */
public record SessionDescription(String origin, List<Attribute> attributes, List<MediaSection> media) {

    /** Offers are a few KiB; anything beyond this is refused before any parsing work. */
    public static final int MAX_LENGTH = 64 * 1024;

    /** Key in {@link MediaSection#rtcpFeedback()} for {@code a=rtcp-fb:*} lines. */
    public static final int WILDCARD_PAYLOAD_TYPE = -1;

    public static SessionDescription parse(String sdp) {
        if (sdp == null) {
            throw new SdpParseException("SDP is missing");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpParseException("SDP is " + sdp.length() + " characters, limit is " + MAX_LENGTH);
        }
        return new Parser().parse(sdp);
    }

    /** The first session-level attribute named {@code name}. */
    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst();
    }

    /** The mids of {@code a=group:BUNDLE}, empty if there is none. */
    public List<String> bundleMids() {
        return attributes.stream()
                .filter(a -> a.name().equals("group") && a.value().startsWith("BUNDLE"))
                .findFirst()
                .map(a -> List.of(a.value().substring("BUNDLE".length()).trim().split("\\s+")))
                .map(l -> l.size() == 1 && l.getFirst().isEmpty() ? List.<String>of() : l)
                .orElse(List.of());
    }

    public Optional<MediaSection> media(String mid) {
        return media.stream().filter(m -> m.mid().filter(mid::equals).isPresent()).findFirst();
    }

    private static final class Parser {
        private String origin = "";
        private final List<Attribute> sessionAttributes = new ArrayList<>();
        private final List<MediaBuilder> media = new ArrayList<>();

        SessionDescription parse(String sdp) {
            String[] lines = sdp.split("\r?\n", -1);
            boolean sawVersion = false;
            for (String line : lines) {
                if (line.isEmpty()) {
                    continue; // tolerates the trailing newline and stray blank lines
                }
                if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                    throw error("not a <type>=<value> line", line);
                }
                char type = line.charAt(0);
                String value = line.substring(2);
                if (!sawVersion) {
                    if (type != 'v' || !value.equals("0")) {
                        throw error("SDP must start with v=0", line);
                    }
                    sawVersion = true;
                    continue;
                }
                switch (type) {
                    case 'o' -> origin = value;
                    case 'm' -> media.add(new MediaBuilder(line, value));
                    case 'a' -> {
                        Attribute attribute = parseAttribute(value);
                        if (media.isEmpty()) {
                            sessionAttributes.add(attribute);
                        } else {
                            media.getLast().add(line, attribute);
                        }
                    }
                    default -> {
                        // c=, b=, s=, t=, … carry nothing the server negotiates.
                    }
                }
            }
            if (!sawVersion) {
                throw new SdpParseException("SDP is empty");
            }
            List<Attribute> session = List.copyOf(sessionAttributes);
            List<MediaSection> sections = media.stream().map(m -> m.build(session)).toList();
            return new SessionDescription(origin, session, sections);
        }
    }

    private static Attribute parseAttribute(String value) {
        int colon = value.indexOf(':');
        return colon < 0 ? new Attribute(value, "") : new Attribute(value.substring(0, colon), value.substring(colon + 1));
    }

    /** Accumulates one m-section's lines; {@link #build} resolves session-level fallbacks. */
    private static final class MediaBuilder {
        final MediaKind kind;
        final String kindToken;
        final int port;
        final String proto;
        final List<Integer> payloadTypes = new ArrayList<>();
        final List<String> formats;
        String mid;
        Direction direction;
        String iceUfrag;
        String icePwd;
        Fingerprint fingerprint;
        String setup;
        Msid msid;
        final Map<Integer, RtpMap> rtpMaps = new LinkedHashMap<>();
        final Map<Integer, Fmtp> fmtps = new LinkedHashMap<>();
        final Map<Integer, List<String>> rtcpFeedback = new LinkedHashMap<>();
        final List<ExtMap> extMaps = new ArrayList<>();
        final Map<Long, Map<String, String>> ssrcs = new LinkedHashMap<>();
        final List<SsrcGroup> ssrcGroups = new ArrayList<>();
        final List<Rid> rids = new ArrayList<>();
        Simulcast simulcast;
        boolean rtcpMux;
        boolean rtcpRsize;
        final List<Attribute> attributes = new ArrayList<>();

        MediaBuilder(String line, String value) {
            String[] tokens = value.trim().split("\\s+");
            if (tokens.length < 4) {
                throw error("m-line needs <media> <port> <proto> <format>…", line);
            }
            kindToken = tokens[0];
            kind = MediaKind.fromToken(tokens[0]);
            String portToken = tokens[1];
            int slash = portToken.indexOf('/');
            port = number(slash < 0 ? portToken : portToken.substring(0, slash), 0, 65535, line);
            proto = tokens[2];
            formats = List.of(tokens).subList(3, tokens.length);
            if (proto.contains("RTP/")) {
                for (String format : formats) {
                    payloadTypes.add(number(format, 0, 127, line));
                }
            }
        }

        void add(String line, Attribute a) {
            attributes.add(a);
            String v = a.value();
            switch (a.name()) {
                case "mid" -> mid = first(mid, v);
                case "sendonly", "recvonly", "sendrecv", "inactive" ->
                        direction = first(direction, Direction.fromToken(a.name()).orElseThrow());
                case "ice-ufrag" -> iceUfrag = first(iceUfrag, v);
                case "ice-pwd" -> icePwd = first(icePwd, v);
                case "fingerprint" -> fingerprint = first(fingerprint, fingerprint(v, line));
                case "setup" -> setup = first(setup, v);
                case "msid" -> msid = first(msid, msid(v, line));
                case "rtcp-mux" -> rtcpMux = true;
                case "rtcp-rsize" -> rtcpRsize = true;
                case "rtpmap" -> {
                    RtpMap map = rtpMap(v, line);
                    rtpMaps.putIfAbsent(map.payloadType(), map);
                }
                case "fmtp" -> {
                    Fmtp fmtp = fmtp(v, line);
                    fmtps.putIfAbsent(fmtp.payloadType(), fmtp);
                }
                case "rtcp-fb" -> {
                    String[] parts = split2(v, line);
                    int pt = parts[0].equals("*") ? WILDCARD_PAYLOAD_TYPE : number(parts[0], 0, 127, line);
                    rtcpFeedback.computeIfAbsent(pt, k -> new ArrayList<>()).add(parts[1].trim());
                }
                case "extmap" -> extMaps.add(extMap(v, line));
                case "ssrc" -> {
                    String[] parts = split2(v, line);
                    long ssrc = unsigned32(parts[0], line);
                    Attribute attr = parseAttribute(parts[1].trim());
                    ssrcs.computeIfAbsent(ssrc, k -> new LinkedHashMap<>()).putIfAbsent(attr.name(), attr.value());
                }
                case "ssrc-group" -> {
                    String[] tokens = v.trim().split("\\s+");
                    if (tokens.length < 2) {
                        throw error("ssrc-group needs <semantics> <ssrc>…", line);
                    }
                    List<Long> members = new ArrayList<>();
                    for (int i = 1; i < tokens.length; i++) {
                        members.add(unsigned32(tokens[i], line));
                    }
                    ssrcGroups.add(new SsrcGroup(tokens[0], List.copyOf(members)));
                }
                case "rid" -> rids.add(rid(v, line));
                case "simulcast" -> simulcast = first(simulcast, simulcast(v, line));
                default -> {
                    // Unknown attributes stay available through attributes().
                }
            }
        }

        MediaSection build(List<Attribute> session) {
            return new MediaSection(kind, kindToken, port, proto, List.copyOf(payloadTypes), formats,
                    Optional.ofNullable(mid),
                    direction == null ? Direction.SENDRECV : direction,
                    Optional.ofNullable(iceUfrag).or(() -> sessionValue(session, "ice-ufrag")),
                    Optional.ofNullable(icePwd).or(() -> sessionValue(session, "ice-pwd")),
                    Optional.ofNullable(fingerprint)
                            .or(() -> sessionValue(session, "fingerprint").map(v -> fingerprint(v, "a=fingerprint:" + v))),
                    Optional.ofNullable(setup).or(() -> sessionValue(session, "setup")),
                    Optional.ofNullable(msid),
                    Collections.unmodifiableMap(rtpMaps),
                    Collections.unmodifiableMap(fmtps),
                    Collections.unmodifiableMap(copyLists(rtcpFeedback)),
                    List.copyOf(extMaps),
                    Collections.unmodifiableMap(copyMaps(ssrcs)),
                    List.copyOf(ssrcGroups),
                    List.copyOf(rids),
                    Optional.ofNullable(simulcast),
                    rtcpMux,
                    rtcpRsize,
                    List.copyOf(attributes));
        }
    }

    private static Optional<String> sessionValue(List<Attribute> session, String name) {
        return session.stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst();
    }

    private static <K, V> Map<K, List<V>> copyLists(Map<K, List<V>> source) {
        Map<K, List<V>> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    private static <K, A, B> Map<K, Map<A, B>> copyMaps(Map<K, Map<A, B>> source) {
        Map<K, Map<A, B>> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(v)));
        return copy;
    }

    /** Keeps the first occurrence of a single-valued attribute. */
    private static <T> T first(T existing, T candidate) {
        return existing != null ? existing : candidate;
    }

    private static Fingerprint fingerprint(String v, String line) {
        String[] parts = split2(v, line);
        return new Fingerprint(parts[0], parts[1].trim());
    }

    private static Msid msid(String v, String line) {
        String[] tokens = v.trim().split("\\s+");
        if (tokens[0].isEmpty() || tokens.length > 2) {
            throw error("msid needs <stream id> [<track id>]", line);
        }
        return new Msid(tokens[0], tokens.length == 2 ? tokens[1] : "");
    }

    private static RtpMap rtpMap(String v, String line) {
        String[] parts = split2(v, line);
        int pt = number(parts[0], 0, 127, line);
        String[] encoding = parts[1].trim().split("/");
        if (encoding.length < 2 || encoding.length > 3 || encoding[0].isEmpty()) {
            throw error("rtpmap needs <pt> <codec>/<clock>[/<channels>]", line);
        }
        int clock = number(encoding[1], 1, Integer.MAX_VALUE, line);
        int channels = encoding.length == 3 ? number(encoding[2], 1, 255, line) : 0;
        return new RtpMap(pt, encoding[0], clock, channels);
    }

    private static Fmtp fmtp(String v, String line) {
        String[] parts = split2(v, line);
        int pt = number(parts[0], 0, 127, line);
        String raw = parts[1].trim();
        Map<String, String> params = new LinkedHashMap<>();
        for (String param : raw.split(";")) {
            String p = param.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                params.putIfAbsent(p, "");
            } else {
                params.putIfAbsent(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        return new Fmtp(pt, raw, Collections.unmodifiableMap(params));
    }

    private static ExtMap extMap(String v, String line) {
        String[] tokens = v.trim().split("\\s+", 3);
        if (tokens.length < 2) {
            throw error("extmap needs <id>[/<direction>] <uri>", line);
        }
        String idToken = tokens[0];
        Optional<Direction> direction = Optional.empty();
        int slash = idToken.indexOf('/');
        if (slash >= 0) {
            direction = Direction.fromToken(idToken.substring(slash + 1));
            if (direction.isEmpty()) {
                throw error("unknown extmap direction", line);
            }
            idToken = idToken.substring(0, slash);
        }
        // 1-14 fit the one-byte form, up to 255 the two-byte form (RFC 8285).
        int id = number(idToken, 1, 255, line);
        return new ExtMap(id, direction, tokens[1], tokens.length == 3 ? tokens[2] : "");
    }

    private static Rid rid(String v, String line) {
        String[] tokens = v.trim().split("\\s+", 3);
        if (tokens.length < 2 || !(tokens[1].equals("send") || tokens[1].equals("recv"))) {
            throw error("rid needs <id> <send|recv> [<params>]", line);
        }
        return new Rid(tokens[0], tokens[1], tokens.length == 3 ? tokens[2] : "");
    }

    private static Simulcast simulcast(String v, String line) {
        String[] tokens = v.trim().split("\\s+");
        if (tokens.length != 2 && tokens.length != 4) {
            throw error("simulcast needs <send|recv> <streams> [<send|recv> <streams>]", line);
        }
        List<String> send = new ArrayList<>();
        List<String> receive = new ArrayList<>();
        List<String> paused = new ArrayList<>();
        for (int i = 0; i < tokens.length; i += 2) {
            List<String> target = switch (tokens[i]) {
                case "send" -> send;
                case "recv" -> receive;
                default -> throw error("simulcast direction must be send or recv", line);
            };
            for (String alternative : tokens[i + 1].split("[;,]")) {
                String rid = alternative;
                if (rid.startsWith("~")) {
                    rid = rid.substring(1);
                    paused.add(rid);
                }
                if (rid.isEmpty()) {
                    throw error("empty rid in simulcast", line);
                }
                target.add(rid);
            }
        }
        return new Simulcast(List.copyOf(send), List.copyOf(receive), List.copyOf(paused));
    }

    /** Splits {@code "<first> <rest>"}; both parts must be non-empty. */
    private static String[] split2(String v, String line) {
        String trimmed = v.trim();
        int space = trimmed.indexOf(' ');
        if (space <= 0 || space == trimmed.length() - 1) {
            throw error("expected two space-separated parts", line);
        }
        return new String[] {trimmed.substring(0, space), trimmed.substring(space + 1)};
    }

    private static int number(String token, int min, int max, String line) {
        long value = unsignedDecimal(token, line);
        if (value < min || value > max) {
            throw error("number outside " + min + ".." + max, line);
        }
        return (int) value;
    }

    private static long unsigned32(String token, String line) {
        long value = unsignedDecimal(token, line);
        if (value > 0xFFFF_FFFFL) {
            throw error("SSRC exceeds 32 bits", line);
        }
        return value;
    }

    private static long unsignedDecimal(String token, String line) {
        // At most 10 digits: every field here fits 32 bits, and this keeps overflow impossible.
        if (token.isEmpty() || token.length() > 10) {
            throw error("expected a number", line);
        }
        long value = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw error("expected a number", line);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static SdpParseException error(String problem, String line) {
        String shown = line.length() > 120 ? line.substring(0, 120) + "…" : line;
        return new SdpParseException("Invalid SDP: " + problem + ": " + shown);
    }
}
