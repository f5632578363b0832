package io.jellyfish.metrics;

/** The metric types the catalogue uses: "sum" metrics are counters, "last value" metrics gauges. */
enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge");

    private final String exposedName;

    MetricType(String exposedName) {
        this.exposedName = exposedName;
    }

    /** The word on the {@code # TYPE} line. */
    String exposedName() {
        return exposedName;
    }
}
