package io.jellyfish.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The runtime gauges Jellyfish inherited from the Erlang VM (metrics.md 2.2), mapped onto the JVM.
 * They are sampled when scraped, so every scrape sees current values. Rendered by
 * {@link TextFormat} because Micrometer's Prometheus naming strips the {@code _total} suffix from
 * gauges and would rename {@code vm_total_run_queue_lengths_total}.
 */
final class RuntimeGauges {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<IntSupplier> cpuQueues = new CopyOnWriteArrayList<>();
    private final List<IntSupplier> ioQueues = new CopyOnWriteArrayList<>();

    /** Adds a queue of tasks waiting for a thread; {@code kind} is {@code cpu} or {@code io}. */
    void registerRunQueue(String kind, IntSupplier queuedTasks) {
        switch (kind) {
            case "cpu" -> cpuQueues.add(queuedTasks);
            case "io" -> ioQueues.add(queuedTasks);
            default -> throw new IllegalArgumentException("run queue kind must be cpu or io, not " + kind);
        }
    }

    void writeTo(StringBuilder out) {
        long usedMemory = memory.getHeapMemoryUsage().getUsed() + memory.getNonHeapMemoryUsage().getUsed();
        long cpu = queued(cpuQueues);
        long io = queued(ioQueues);
        // Jellyfish prints these without help text; promtool flags that, so they get one here.
        write(out, "vm_memory_total_bytes", "Memory used by the JVM, heap plus non-heap (bytes)", usedMemory);
        write(out, "vm_total_run_queue_lengths_total",
                "Tasks waiting for a compute or blocking-IO executor thread", cpu + io);
        write(out, "vm_total_run_queue_lengths_cpu", "Tasks waiting for a compute executor thread", cpu);
        write(out, "vm_total_run_queue_lengths_io", "Tasks waiting for a blocking-IO executor thread", io);
    }

    private static long queued(List<IntSupplier> queues) {
        long total = 0;
        for (IntSupplier queue : queues) {
            total += queue.getAsInt();
        }
        return total;
    }

    private static void write(StringBuilder out, String name, String help, long value) {
        TextFormat.writeHeader(out, name, help, MetricType.GAUGE);
        TextFormat.writeSample(out, name, Long.toString(value));
    }
}
