package io.jellyfish.metrics;

import java.util.concurrent.atomic.DoubleAdder;

/** A counter: each series only grows. Whole amounts print as integers, fractions as decimals. */
final class CounterFamily extends MetricFamily<DoubleAdder> {

    private CounterFamily(String name, String help, String labelName) {
        super(name, help, MetricType.COUNTER, labelName);
    }

    static CounterFamily unlabelled(String name, String help) {
        return new CounterFamily(name, help, null);
    }

    static CounterFamily labelled(String name, String help, String labelName) {
        return new CounterFamily(name, help, labelName);
    }

    /** Adds to the series without labels; adding 0 makes the counter visible. */
    void add(double amount) {
        add(UNLABELLED, amount);
    }

    void add(String labelValue, double amount) {
        if (amount < 0) {
            throw new IllegalArgumentException(name() + " is a counter and cannot decrease by " + amount);
        }
        series(labelValue).add(amount);
    }

    @Override
    DoubleAdder newSeries() {
        return new DoubleAdder();
    }

    @Override
    String formatValue(DoubleAdder series) {
        return TextFormat.formatNumber(series.sum());
    }
}
