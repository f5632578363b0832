package io.jellyfish.config;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.CheckOrigin;
import io.jellyfish.api.config.JellyfishConfig.Distribution;
import io.jellyfish.api.config.JellyfishConfig.S3;
import io.jellyfish.api.config.JellyfishConfig.Sip;
import io.jellyfish.api.config.JellyfishConfig.Tls;
import io.jellyfish.api.config.JellyfishConfig.WebRtc;

import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The accepted configuration as one log line of {@code key=value} pairs, for the start-up log.
 * It never contains a secret: not the API token, the secret key base, the cluster cookie, the
 * S3 access key id or secret key, nor the raw environment. Control characters in values are
 * escaped so the summary stays on one line.
 */
public final class ConfigSummary {
    private ConfigSummary() {}

    public static String of(JellyfishConfig config) {
        StringJoiner line = new StringJoiner(" ");
        line.add("listening=" + hostAndPort(config.ip(), config.port()));
        line.add("host=" + config.host());
        line.add("metrics=" + hostAndPort(config.metricsIp(), config.metricsPort()));
        line.add("resources=" + config.resourcesBasePath());
        line.add("distribution=" + distribution(config.distribution()));
        line.add("webrtc=" + webrtc(config.webrtc()));
        line.add("sip=" + sip(config.sip()));
        line.add("recording=" + onOff(config.recordingUsed()));
        line.add("s3=" + s3(config.s3()));
        line.add("tls=" + tls(config.tls()));
        line.add("checkOrigin=" + checkOrigin(config.checkOrigin()));
        line.add("apiToken=" + origin(config.apiToken()));
        line.add("secretKeyBase=" + origin(config.secretKeyBase()));
        line.add("structuredLogging=" + config.structuredLogging());
        line.add("roomMetricsTick=" + config.roomMetricsTick().toMillis() + "ms");
        line.add("maxRequestBodyBytes=" + config.maxRequestBodyBytes());
        line.add("gitCommit=" + config.gitCommit());
        return ConfigurationException.printable(line.toString());
    }

    /** IPv6 addresses are bracketed so the port stays readable. */
    private static String hostAndPort(String ip, int port) {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static String distribution(Distribution distribution) {
        if (!distribution.enabled()) {
            return "off";
        }
        return "on(mode=" + distribution.mode().name().toLowerCase(Locale.ROOT)
                + " strategy=" + distribution.strategyName()
                + " node=" + distribution.nodeName()
                + " ports=" + port(distribution.minPort()) + ".." + port(distribution.maxPort()) + ")";
    }

    private static String webrtc(WebRtc webrtc) {
        if (!webrtc.used()) {
            return "off";
        }
        return "on(turnIp=" + webrtc.turnIp() + " turnListenIp=" + webrtc.turnListenIp()
                + " turnPorts=" + webrtc.turnPortMin() + "-" + webrtc.turnPortMax()
                + " turnTcpPort=" + port(webrtc.turnTcpPort()) + ")";
    }

    private static String sip(Sip sip) {
        return sip.used() ? "on(ip=" + sip.ip().orElse("-") + ")" : "off";
    }

    private static String s3(S3 s3) {
        StringJoiner details = new StringJoiner(" ", "(", ")").setEmptyValue("");
        s3.credentials().ifPresent(credentials ->
                details.add("bucket=" + credentials.bucket()).add("region=" + credentials.region()));
        s3.pathPrefix().ifPresent(prefix -> details.add("pathPrefix=" + prefix));
        return onOff(s3.credentials().isPresent()) + details;
    }

    private static String tls(Optional<Tls> tls) {
        return tls.map(paths -> "on(cert=" + paths.certPath() + " key=" + paths.keyPath() + ")").orElse("off");
    }

    private static String checkOrigin(CheckOrigin checkOrigin) {
        return switch (checkOrigin) {
            case CheckOrigin.Disabled disabled -> "off";
            case CheckOrigin.SameAsHost sameAsHost -> "host";
            case CheckOrigin.SameAsConnection sameAsConnection -> "conn";
            case CheckOrigin.AllowList allowList -> "[" + String.join(" ", allowList.origins()) + "]";
        };
    }

    private static String origin(JellyfishConfig.Secret secret) {
        return secret.generated() ? "generated" : "configured";
    }

    private static String port(Optional<Integer> port) {
        return port.map(String::valueOf).orElse("-");
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
