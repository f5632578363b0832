package io.jellyfish.strategy.dns;

import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.CheckOrigin;
import io.jellyfish.api.config.JellyfishConfig.Distribution;
import io.jellyfish.api.config.JellyfishConfig.Distribution.Mode;
import io.jellyfish.api.config.JellyfishConfig.S3;
import io.jellyfish.api.config.JellyfishConfig.Secret;
import io.jellyfish.api.config.JellyfishConfig.Sip;
import io.jellyfish.api.config.JellyfishConfig.WebRtc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Validated configurations as the configuration module would hand them to a strategy. */
final class TestConfigs {
    private TestConfigs() {}

    /** Distribution enabled with the given mode and node name; the rest of the environment from name/value pairs. */
    static JellyfishConfig distributed(Mode mode, String nodeName, String... namesAndValues) {
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            environment.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        Distribution distribution = new Distribution(true, mode, "DNS", "secret_cookie", nodeName,
                Optional.empty(), Optional.empty());
        return new JellyfishConfig(false, "127.0.0.1", 8080, "127.0.0.1:8080", Path.of("/tmp/jellyfish"),
                "127.0.0.1", 9568, Duration.ofSeconds(10), distribution,
                new WebRtc(false, "127.0.0.1", "127.0.0.1", 50000, 59999, Optional.empty()),
                new Sip(false, Optional.empty()), false, new S3(Optional.empty(), Optional.empty()), "dev",
                new Secret("token", false), new Secret("key-base", true), Optional.empty(),
                new CheckOrigin.Disabled(), 1 << 20, environment);
    }
}
