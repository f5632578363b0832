/**
 * The Prometheus endpoint: the Jellyfish metric catalogue (metrics.md 2.1), the {@code vm_*}
 * gauges (2.2) and the JVM's own metrics from Micrometer, served on JF_METRICS_IP:JF_METRICS_PORT.
 * Nothing is exported: the launcher finds it through {@link io.jellyfish.api.spi.MetricsProvider}.
 */
module io.jellyfish.metrics {
    requires io.jellyfish.api;
    requires java.management;
    requires jdk.httpserver;
    // Both are automatic modules (Automatic-Module-Name in their manifests). Requiring them also
    // makes the Prometheus client jars readable (io.prometheus.metrics.model, .core, .config,
    // .tracer.common, io.prometheus.writer.text, io.prometheus.metrics.expositionformats), which
    // are automatic modules too; this module calls none of them directly.
    requires micrometer.core;
    requires micrometer.registry.prometheus;

    provides io.jellyfish.api.spi.MetricsProvider with io.jellyfish.metrics.PrometheusMetricsProvider;
}
