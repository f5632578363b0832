package io.jellyfish.config;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.CheckOrigin;
import io.jellyfish.api.config.JellyfishConfig.Distribution;
import io.jellyfish.api.config.JellyfishConfig.S3;
import io.jellyfish.api.config.JellyfishConfig.Secret;
import io.jellyfish.api.config.JellyfishConfig.Sip;
import io.jellyfish.api.config.JellyfishConfig.Tls;
import io.jellyfish.api.config.JellyfishConfig.WebRtc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the {@link JellyfishConfig} from the environment, with the defaults of the prod
 * profile. Variables are validated one by one in the order of spec section 1.4, extended with
 * our own variables; the first bad value throws a {@link ConfigurationException}:
 *
 * <ol>
 *   <li>JF_STRUCTURED_LOGGING, JF_IP, JF_PORT, JF_HOST, JF_RESOURCES_BASE_PATH</li>
 *   <li>JF_METRICS_IP, JF_METRICS_PORT, JF_METRICS_ROOM_TICK_MS</li>
 *   <li>JF_DIST_ENABLED, JF_DIST_MODE, and when enabled JF_DIST_NODE_NAME, JF_DIST_MIN_PORT,
 *       JF_DIST_MAX_PORT</li>
 *   <li>JF_WEBRTC_USED, and unless it is false JF_WEBRTC_TURN_IP, JF_WEBRTC_TURN_LISTEN_IP,
 *       JF_WEBRTC_TURN_PORT_RANGE, JF_WEBRTC_TURN_TCP_PORT</li>
 *   <li>JF_SIP_USED, JF_SIP_IP, JF_RECORDING_USED, the JF_S3_* group</li>
 *   <li>JF_GIT_COMMIT, JF_SERVER_API_TOKEN, JF_SECRET_KEY_BASE, JF_SSL_KEY_PATH /
 *       JF_SSL_CERT_PATH, JF_CHECK_ORIGIN, JF_MAX_REQUEST_BODY_BYTES</li>
 * </ol>
 */
public final class ConfigReader {
    static final String DEFAULT_IP = "127.0.0.1";
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_RESOURCES_BASE_PATH = "jellyfish_resources";
    static final int DEFAULT_METRICS_PORT = 9568;
    static final int DEFAULT_ROOM_METRICS_TICK_MS = 10_000;
    static final String DEFAULT_GIT_COMMIT = "dev";
    static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 1024 * 1024;
    static final int MAX_REQUEST_BODY_BYTES_LIMIT = 64 * 1024 * 1024;

    private ConfigReader() {}

    /**
     * Reads the configuration from {@code environment} (the launcher passes {@link System#getenv()}).
     * Nothing else is consulted except the machine's host name, for the default node name, and
     * the resolver, for JF_WEBRTC_TURN_LISTEN_IP when it is a host name.
     *
     * @throws ConfigurationException naming the first variable with a bad value
     */
    public static JellyfishConfig read(Map<String, String> environment) {
        return read(environment, LocalHostName::shortName);
    }

    static JellyfishConfig read(Map<String, String> environment, Supplier<String> shortHostName) {
        Env env = new Env(environment);
        // The statements below run in the evaluation order documented above: keep them so.
        boolean structuredLogging = env.parse("JF_STRUCTURED_LOGGING", false, EnvParsers::parseBoolean);
        String ip = env.parse("JF_IP", DEFAULT_IP, ConfigReader::ipText);
        int port = env.parse("JF_PORT", DEFAULT_PORT, EnvParsers::parsePort);
        String host = env.getOrDefault("JF_HOST", ip + ":" + port);
        Path resourcesBasePath = Path.of(env.getOrDefault("JF_RESOURCES_BASE_PATH", DEFAULT_RESOURCES_BASE_PATH))
                .toAbsolutePath().normalize();
        String metricsIp = env.parse("JF_METRICS_IP", DEFAULT_IP, ConfigReader::ipText);
        int metricsPort = env.parse("JF_METRICS_PORT", DEFAULT_METRICS_PORT, EnvParsers::parsePort);
        Duration roomMetricsTick = Duration.ofMillis(
                env.parse("JF_METRICS_ROOM_TICK_MS", DEFAULT_ROOM_METRICS_TICK_MS, EnvParsers::parsePositiveInt));
        Distribution distribution = DistributionReader.read(env, shortHostName);
        WebRtc webrtc = MediaReader.readWebRtc(env);
        Sip sip = MediaReader.readSip(env);
        boolean recordingUsed = env.parse("JF_RECORDING_USED", true, EnvParsers::parseBoolean);
        S3 s3 = MediaReader.readS3(env);
        String gitCommit = env.getOrDefault("JF_GIT_COMMIT", DEFAULT_GIT_COMMIT);
        // Any value given is used as is, even an empty one (a weak but explicit choice).
        Secret apiToken = env.get("JF_SERVER_API_TOKEN")
                .map(value -> new Secret(value, false))
                .orElseGet(Secrets::generatedApiToken);
        Secret secretKeyBase = env.get("JF_SECRET_KEY_BASE")
                .map(value -> new Secret(value, false))
                .orElseGet(Secrets::generatedSecretKeyBase);
        Optional<Tls> tls = readTls(env);
        CheckOrigin checkOrigin = env.get("JF_CHECK_ORIGIN")
                .map(ConfigReader::parseCheckOrigin)
                .orElseGet(CheckOrigin.SameAsHost::new);
        int maxRequestBodyBytes = env.parse("JF_MAX_REQUEST_BODY_BYTES", DEFAULT_MAX_REQUEST_BODY_BYTES,
                (variable, value) -> EnvParsers.parsePositiveInt(variable, value, MAX_REQUEST_BODY_BYTES_LIMIT));

        return new JellyfishConfig(structuredLogging, ip, port, host, resourcesBasePath, metricsIp, metricsPort,
                roomMetricsTick, distribution, webrtc, sip, recordingUsed, s3, gitCommit, apiToken, secretKeyBase,
                tls, checkOrigin, maxRequestBodyBytes, environment);
    }

    /** Validates an IP literal but keeps the text as written: JF_HOST's default uses it verbatim. */
    static String ipText(String variable, String value) {
        EnvParsers.parseIp(variable, value);
        return value;
    }

    private static Optional<Tls> readTls(Env env) {
        Optional<String> key = env.get("JF_SSL_KEY_PATH");
        Optional<String> cert = env.get("JF_SSL_CERT_PATH");
        if (key.isPresent() && cert.isEmpty()) {
            throw new ConfigurationException("JF_SSL_KEY_PATH has been set but JF_SSL_CERT_PATH remains unset");
        }
        if (cert.isPresent() && key.isEmpty()) {
            throw new ConfigurationException("JF_SSL_CERT_PATH has been set but JF_SSL_KEY_PATH remains unset");
        }
        // The files are only opened by the listener: a missing file fails there, not here.
        return key.map(keyPath -> new Tls(Path.of(keyPath), Path.of(cert.orElseThrow())));
    }

    /** Never fails: anything that is not a boolean or {@code :conn} is a list of allowed origins. */
    static CheckOrigin parseCheckOrigin(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> new CheckOrigin.SameAsHost();
            case "false" -> new CheckOrigin.Disabled();
            default -> value.equals(":conn")
                    ? new CheckOrigin.SameAsConnection()
                    : new CheckOrigin.AllowList(Arrays.stream(value.split(" ")).filter(s -> !s.isEmpty()).toList());
        };
    }
}
