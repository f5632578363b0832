package io.jellyfish.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** A gauge holding the last value set. Every gauge of the catalogue is a count, hence a long. */
final class GaugeFamily extends MetricFamily<AtomicLong> {

    private GaugeFamily(String name, String help, String labelName) {
        super(name, help, MetricType.GAUGE, labelName);
    }

    static GaugeFamily unlabelled(String name, String help) {
        return new GaugeFamily(name, help, null);
    }

    static GaugeFamily labelled(String name, String help, String labelName) {
        return new GaugeFamily(name, help, labelName);
    }

    void set(long value) {
        set(UNLABELLED, value);
    }

    void set(String labelValue, long value) {
        series(labelValue).set(value);
    }

    @Override
    AtomicLong newSeries() {
        return new AtomicLong();
    }

    @Override
    String formatValue(AtomicLong series) {
        return Long.toString(series.get());
    }
}
