package io.jellyfish.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One metric with its series, keyed by the value of its single label (or by {@link #UNLABELLED}).
 * A series exists from its first observation on, and the metric is printed only once it has a
 * series. Safe for concurrent use.
 *
 * @param <S> the thread-safe holder of one series' value
 */
abstract sealed class MetricFamily<S> permits CounterFamily, GaugeFamily {

    /** The key of the only series of a metric without labels. */
    static final String UNLABELLED = "";

    private final String name;
    private final String help;
    private final MetricType type;
    private final String labelName;
    private final ConcurrentMap<String, S> series = new ConcurrentHashMap<>();

    /** @param labelName the label's name, or null for a metric without labels */
    MetricFamily(String name, String help, MetricType type, String labelName) {
        this.name = name;
        this.help = help;
        this.type = type;
        this.labelName = labelName;
    }

    final String name() {
        return name;
    }

    /** The series for this label value, created (and so made visible) on first use. */
    final S series(String labelValue) {
        return series.computeIfAbsent(labelValue, key -> newSeries());
    }

    final void remove(String labelValue) {
        series.remove(labelValue);
    }

    /** Appends this metric's block, or nothing while it has not been observed. */
    final void writeTo(StringBuilder out) {
        if (series.isEmpty()) {
            return;
        }
        TextFormat.writeHeader(out, name, help, type);
        // Sorted so consecutive scrapes list the series in the same order.
        for (Map.Entry<String, S> entry : new TreeMap<>(series).entrySet()) {
            String value = formatValue(entry.getValue());
            if (labelName == null) {
                TextFormat.writeSample(out, name, value);
            } else {
                TextFormat.writeSample(out, name, labelName, entry.getKey(), value);
            }
        }
    }

    abstract S newSeries();

    abstract String formatValue(S series);
}
