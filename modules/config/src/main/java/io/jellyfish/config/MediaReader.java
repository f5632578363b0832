package io.jellyfish.config;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig.S3;
import io.jellyfish.api.config.JellyfishConfig.Sip;
import io.jellyfish.api.config.JellyfishConfig.WebRtc;
import io.jellyfish.config.EnvParsers.PortRange;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The media feature groups: WebRTC (spec 5.1), SIP (5.2) and S3 (5.3). */
final class MediaReader {
    static final String DEFAULT_TURN_IP = "127.0.0.1";
    static final String DEFAULT_TURN_LISTEN_IP = "127.0.0.1";
    static final PortRange DEFAULT_TURN_PORT_RANGE = new PortRange(50000, 59999);

    private static final List<String> S3_CREDENTIALS =
            List.of("JF_S3_BUCKET", "JF_S3_REGION", "JF_S3_ACCESS_KEY_ID", "JF_S3_SECRET_ACCESS_KEY");

    private MediaReader() {}

    /** On unless explicitly {@code false}; when off the TURN variables are not even read. */
    static WebRtc readWebRtc(Env env) {
        boolean used = env.parse("JF_WEBRTC_USED", true, EnvParsers::parseBoolean);
        if (!used) {
            return new WebRtc(false, DEFAULT_TURN_IP, DEFAULT_TURN_LISTEN_IP,
                    DEFAULT_TURN_PORT_RANGE.from(), DEFAULT_TURN_PORT_RANGE.to(), Optional.empty());
        }
        String turnIp = env.parse("JF_WEBRTC_TURN_IP", DEFAULT_TURN_IP, ConfigReader::ipText);
        String turnListenIp = env.parse("JF_WEBRTC_TURN_LISTEN_IP", DEFAULT_TURN_LISTEN_IP,
                (variable, value) -> EnvParsers.resolveHost(value).getHostAddress());
        PortRange ports = env.parse("JF_WEBRTC_TURN_PORT_RANGE", DEFAULT_TURN_PORT_RANGE, EnvParsers::parsePortRange);
        Optional<Integer> tcpPort = env.parseOptional("JF_WEBRTC_TURN_TCP_PORT", EnvParsers::parsePort);
        return new WebRtc(true, turnIp, turnListenIp, ports.from(), ports.to(), tcpPort);
    }

    /** Off unless explicitly {@code true}; then JF_SIP_IP must be an IP literal (unset counts as empty). */
    static Sip readSip(Env env) {
        boolean used = env.parse("JF_SIP_USED", false, EnvParsers::parseBoolean);
        if (!used) {
            return new Sip(false, Optional.empty());
        }
        String ip = env.getOrDefault("JF_SIP_IP", "");
        if (IpLiterals.parse(ip) == null) {
            throw new ConfigurationException(
                    "JF_SIP_USED has been set to true but incorrect IP address was provided as `JF_SIP_IP`");
        }
        return new Sip(true, Optional.of(ip));
    }

    /** The four credentials all set or all unset; the path prefix is independent of them. */
    static S3 readS3(Env env) {
        Optional<String> pathPrefix = env.get("JF_S3_PATH_PREFIX");
        List<String> missing = S3_CREDENTIALS.stream().filter(name -> env.get(name).isEmpty()).toList();
        if (missing.size() == S3_CREDENTIALS.size()) {
            return new S3(Optional.empty(), pathPrefix);
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("Either all S3 credentials have to be set: "
                    + S3_CREDENTIALS.stream().map(name -> "`" + name + "`").collect(Collectors.joining(", "))
                    + ", or none must be set. Currently, the following required credentials are missing: "
                    + missing.stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(", ", "[", "]"))
                    + ".");
        }
        S3.Credentials credentials = new S3.Credentials(env.get("JF_S3_BUCKET").orElseThrow(),
                env.get("JF_S3_REGION").orElseThrow(), env.get("JF_S3_ACCESS_KEY_ID").orElseThrow(),
                env.get("JF_S3_SECRET_ACCESS_KEY").orElseThrow());
        return new S3(Optional.of(credentials), pathPrefix);
    }
}
