package gateway.server.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** The node's counters and gauges, rendered in the Prometheus text format at {@code /metrics}. */
public final class Metrics {
    private final Map<String, Counter> counters = new ConcurrentSkipListMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentSkipListMap<>();
    private final Map<String, Histogram> histograms = new ConcurrentSkipListMap<>();

    /** A monotonically increasing count. */
    public static final class Counter {
        private final String help;
        private final LongAdder value = new LongAdder();

        Counter(String help) {
            this.help = help;
        }

        public void inc() {
            value.increment();
        }

        public void add(long n) {
            value.add(n);
        }

        public long value() {
            return value.sum();
        }
    }

    /** Cumulative buckets of a latency in milliseconds. */
    public static final class Histogram {
        private static final long[] BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
        private final String help;
        private final LongAdder[] buckets = new LongAdder[BOUNDS_MS.length];
        private final LongAdder count = new LongAdder();
        private final LongAdder sumMicros = new LongAdder();

        Histogram(String help) {
            this.help = help;
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        public void observeNanos(long nanos) {
            long micros = nanos / 1000;
            for (int i = 0; i < BOUNDS_MS.length; i++) {
                if (micros <= BOUNDS_MS[i] * 1000) {
                    buckets[i].increment();
                }
            }
            count.increment();
            sumMicros.add(micros);
        }

        public long count() {
            return count.sum();
        }
    }

    private record Gauge(String help, LongSupplier value) {}

    public Counter counter(String name, String help) {
        return counters.computeIfAbsent(name, n -> new Counter(help));
    }

    public Histogram histogram(String name, String help) {
        return histograms.computeIfAbsent(name, n -> new Histogram(help));
    }

    public void gauge(String name, String help, LongSupplier value) {
        gauges.put(name, new Gauge(help, value));
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    public String render() {
        StringBuilder out = new StringBuilder(2048);
        counters.forEach((name, c) -> {
            header(out, name, c.help, "counter");
            out.append(name).append(' ').append(c.value()).append('\n');
        });
        gauges.forEach((name, g) -> {
            header(out, name, g.help(), "gauge");
            out.append(name).append(' ').append(g.value().getAsLong()).append('\n');
        });
        histograms.forEach((name, h) -> {
            header(out, name, h.help, "histogram");
            for (int i = 0; i < Histogram.BOUNDS_MS.length; i++) {
                out.append(name)
                        .append("_bucket{le=\"")
                        .append(Histogram.BOUNDS_MS[i] / 1000.0)
                        .append("\"} ")
                        .append(h.buckets[i].sum())
                        .append('\n');
            }
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(h.count()).append('\n');
            out.append(name)
                    .append("_sum ")
                    .append(h.sumMicros.sum() / 1_000_000.0)
                    .append('\n');
            out.append(name).append("_count ").append(h.count()).append('\n');
        });
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
