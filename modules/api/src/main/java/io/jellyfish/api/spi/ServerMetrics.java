package io.jellyfish.api.spi;

import java.util.function.IntSupplier;

/** What the other services report to the metrics module. */
public interface ServerMetrics extends AutoCloseable {

    /** One REST request with its estimated sizes (see metrics.md 3.5). */
    void httpRequest(long ingressBytes, long egressBytes);

    /**
     * A queue of work waiting for a thread, sampled for the {@code vm_total_run_queue_lengths_*}
     * gauges. {@code kind} is {@code cpu} or {@code io}.
     */
    void registerRunQueue(String kind, IntSupplier queuedTasks);

    /** Where the scrape endpoint listens, e.g. {@code http://127.0.0.1:9568/metrics}. */
    String endpoint();

    @Override
    void close();
}
