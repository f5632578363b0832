package io.jellyfish.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole validated start-up configuration. Built once, from the environment, by the
 * configuration module; every other module receives it read-only.
 *
 * @param structuredLogging   JF_STRUCTURED_LOGGING: one JSON object per log line
 * @param ip                  JF_IP, as written (an IP literal)
 * @param port                JF_PORT
 * @param host                JF_HOST, or {@code <ip>:<port>}: the address clients are told to use
 * @param resourcesBasePath   JF_RESOURCES_BASE_PATH, absolute
 * @param metricsIp           JF_METRICS_IP
 * @param metricsPort         JF_METRICS_PORT
 * @param roomMetricsTick     how often room gauges are sampled (JF_METRICS_ROOM_TICK_MS, extension)
 * @param distribution        the JF_DIST_* group
 * @param webrtc              the JF_WEBRTC_* group
 * @param sip                 the JF_SIP_* group
 * @param recordingUsed       JF_RECORDING_USED
 * @param s3                  the JF_S3_* group
 * @param gitCommit           JF_GIT_COMMIT
 * @param apiToken            JF_SERVER_API_TOKEN, or a random one generated at start-up
 * @param secretKeyBase       JF_SECRET_KEY_BASE, or a random one generated at start-up
 * @param tls                 JF_SSL_KEY_PATH and JF_SSL_CERT_PATH, when both are set
 * @param checkOrigin         JF_CHECK_ORIGIN
 * @param maxRequestBodyBytes the largest REST request body accepted (JF_MAX_REQUEST_BODY_BYTES, extension)
 * @param environment         the raw environment, for plugins that read variables of their own
 */
public record JellyfishConfig(
        boolean structuredLogging,
        String ip,
        int port,
        String host,
        Path resourcesBasePath,
        String metricsIp,
        int metricsPort,
        Duration roomMetricsTick,
        Distribution distribution,
        WebRtc webrtc,
        Sip sip,
        boolean recordingUsed,
        S3 s3,
        String gitCommit,
        Secret apiToken,
        Secret secretKeyBase,
        Optional<Tls> tls,
        CheckOrigin checkOrigin,
        int maxRequestBodyBytes,
        Map<String, String> environment) {

    public JellyfishConfig {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiToken, "apiToken");
        Objects.requireNonNull(secretKeyBase, "secretKeyBase");
        environment = Map.copyOf(environment);
    }

    /**
     * Never prints the raw environment: it holds the API token, the secret key base, the cluster
     * cookie and S3 keys. The configuration module's summary is the loggable form.
     */
    @Override
    public String toString() {
        return "JellyfishConfig[ip=" + ip + ", port=" + port + ", host=" + host + ", metrics=" + metricsIp + ":"
                + metricsPort + ", distribution=" + distribution + ", webrtc=" + webrtc + ", sip=" + sip
                + ", recordingUsed=" + recordingUsed + ", s3=" + s3 + ", tls=" + tls.isPresent()
                + ", apiToken=" + apiToken + ", secretKeyBase=" + secretKeyBase + "]";
    }

    /** The version this server reports, impersonating the Jellyfish release it is compatible with. */
    public static final String VERSION = "0.5.0";

    /**
     * A secret value: either configured, or generated at start-up because none was given.
     * {@link #toString()} never prints the value, so a secret cannot leak through a log line.
     */
    public record Secret(String value, boolean generated) {
        public Secret {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return generated ? "Secret[generated]" : "Secret[configured]";
        }
    }

    /** The JF_DIST_* group. Strategy-specific variables are read by the strategy plugin itself. */
    public record Distribution(
            boolean enabled,
            Mode mode,
            String strategyName,
            String cookie,
            String nodeName,
            Optional<Integer> minPort,
            Optional<Integer> maxPort) {

        public enum Mode { SNAME, NAME }

        @Override
        public String toString() {
            // The cookie is a shared secret: it never appears in a log line.
            return "Distribution[enabled=" + enabled + ", mode=" + mode + ", strategy=" + strategyName
                    + ", nodeName=" + nodeName + ", ports=" + minPort.map(String::valueOf).orElse("-")
                    + ".." + maxPort.map(String::valueOf).orElse("-") + "]";
        }
    }

    /** The JF_WEBRTC_* group. When {@code used} is false the other fields hold their defaults. */
    public record WebRtc(boolean used, String turnIp, String turnListenIp, int turnPortMin, int turnPortMax,
                         Optional<Integer> turnTcpPort) {}

    /** The JF_SIP_* group. */
    public record Sip(boolean used, Optional<String> ip) {}

    /** The JF_S3_* group: all four credentials or none, and an independent path prefix. */
    public record S3(Optional<Credentials> credentials, Optional<String> pathPrefix) {
        public record Credentials(String bucket, String region, String accessKeyId, String secretAccessKey) {
            @Override
            public String toString() {
                return "Credentials[bucket=" + bucket + ", region=" + region + ", accessKeyId=" + accessKeyId + "]";
            }
        }
    }

    /** The certificate and key of the HTTPS listener (PEM files). */
    public record Tls(Path keyPath, Path certPath) {}

    /** JF_CHECK_ORIGIN: the Origin rule applied to WebSocket upgrades. */
    public sealed interface CheckOrigin {
        /** No check at all. */
        record Disabled() implements CheckOrigin {}

        /** The Origin's host must equal the host part of JF_HOST. */
        record SameAsHost() implements CheckOrigin {}

        /** The Origin's host must equal the host the request was made to ({@code :conn}). */
        record SameAsConnection() implements CheckOrigin {}

        /** The Origin must match one of these patterns ({@code host}, {@code //host:port}, {@code //*.domain}, {@code scheme://host}). */
        record AllowList(List<String> origins) implements CheckOrigin {
            public AllowList {
                origins = List.copyOf(origins);
            }
        }
    }
}
