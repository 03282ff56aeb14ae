package gateway.server.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The node's counters, gauges and histograms, rendered in the Prometheus text format at {@code
 * /metrics}. A metric is a family of series: one without labels, or one per value of a single label
 * (e.g. {@code reason}); the family's help and type are written once.
 */
public final class Metrics {
    /** Latency buckets in seconds: 1 ms to 5 s (searches, seeks, health calls). */
    public static final double[] LATENCY_BUCKETS_S = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};
    /** Work buckets in seconds: 100 ms to 1 h (ingest phases, conforms). */
    public static final double[] WORK_BUCKETS_S = {0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};

    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    /** A monotonically increasing count. */
    public static final class Counter {
        private final LongAdder value = new LongAdder();

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

    /** Cumulative buckets of a duration, bounds in seconds. */
    public static final class Histogram {
        private final double[] boundsS;
        private final LongAdder[] buckets;
        private final LongAdder count = new LongAdder();
        private final LongAdder sumMicros = new LongAdder();

        Histogram(double[] boundsS) {
            this.boundsS = boundsS.clone();
            this.buckets = new LongAdder[boundsS.length];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        public void observeNanos(long nanos) {
            long micros = Math.max(0, nanos / 1000);
            for (int i = 0; i < boundsS.length; i++) {
                if (micros <= Math.round(boundsS[i] * 1_000_000)) {
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

    private record Gauge(LongSupplier value) {}

    /** One metric name: its help, its type, and its series by label value ("" for the unlabelled one). */
    private record Family(String help, String type, String label, Map<String, Object> series) {}

    public Counter counter(String name, String help) {
        return counter(name, help, "", "");
    }

    /** The series of counter {@code name} whose label {@code label} is {@code value}. */
    public Counter counter(String name, String help, String label, String value) {
        return (Counter) series(name, help, "counter", label, value, Counter::new);
    }

    /** A latency histogram ({@link #LATENCY_BUCKETS_S}). */
    public Histogram histogram(String name, String help) {
        return histogram(name, help, LATENCY_BUCKETS_S, "", "");
    }

    /** The series of histogram {@code name} (buckets {@code boundsS}) whose label {@code label} is {@code value}. */
    public Histogram histogram(String name, String help, double[] boundsS, String label, String value) {
        return (Histogram) series(name, help, "histogram", label, value, () -> new Histogram(boundsS));
    }

    /** A gauge read at each scrape. */
    public void gauge(String name, String help, LongSupplier value) {
        gauge(name, help, "", "", value);
    }

    /** The series of gauge {@code name} whose label {@code label} is {@code value}, read at each scrape. */
    public void gauge(String name, String help, String label, String value, LongSupplier supplier) {
        Family f = family(name, help, "gauge", label);
        f.series().put(value, new Gauge(supplier));
    }

    private Object series(
            String name, String help, String type, String label, String value, java.util.function.Supplier<?> make) {
        return family(name, help, type, label).series().computeIfAbsent(value, v -> make.get());
    }

    private Family family(String name, String help, String type, String label) {
        Family f = families.computeIfAbsent(name, n -> new Family(help, type, label, new ConcurrentSkipListMap<>()));
        if (!f.type().equals(type) || !f.label().equals(label)) {
            throw new IllegalArgumentException("metric " + name + " is a " + f.type() + " labelled '" + f.label()
                    + "', not a " + type + " labelled '" + label + "'");
        }
        return f;
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        families.forEach((name, f) -> {
            out.append("# HELP ").append(name).append(' ').append(f.help()).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(f.type()).append('\n');
            f.series().forEach((value, s) -> {
                String labels = labels(f.label(), value);
                switch (s) {
                    case Counter c -> line(out, name, labels, Long.toString(c.value()));
                    case Gauge g ->
                        line(out, name, labels, Long.toString(g.value().getAsLong()));
                    case Histogram h -> histogram(out, name, labels, h);
                    default -> throw new IllegalStateException("unknown series " + s.getClass());
                }
            });
        });
        return out.toString();
    }

    private static void histogram(StringBuilder out, String name, String labels, Histogram h) {
        String sep = labels.isEmpty() ? "" : labels + ",";
        for (int i = 0; i < h.boundsS.length; i++) {
            line(out, name + "_bucket", sep + "le=\"" + h.boundsS[i] + "\"", Long.toString(h.buckets[i].sum()));
        }
        long count = h.count();
        line(out, name + "_bucket", sep + "le=\"+Inf\"", Long.toString(count));
        line(out, name + "_sum", labels, Double.toString(h.sumMicros.sum() / 1_000_000.0));
        line(out, name + "_count", labels, Long.toString(count));
    }

    private static void line(StringBuilder out, String name, String labels, String value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    /**
     * A series may carry two labels: {@code label} names them joined by {@link #LABEL_SEPARATOR}
     * ({@code "tier,project"}) and its value joins theirs by {@link #VALUE_SEPARATOR} (see {@link #values}).
     */
    private static String labels(String label, String value) {
        if (label.isEmpty()) {
            return "";
        }
        String[] names = label.split(LABEL_SEPARATOR);
        String[] values = value.split(VALUE_SEPARATOR, -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(names[i])
                    .append("=\"")
                    .append(escape(i < values.length ? values[i] : ""))
                    .append('"');
        }
        return b.toString();
    }

    /** Between the names of a two-label series ({@code "tier,project"}). */
    public static final String LABEL_SEPARATOR = ",";

    /** Between the values of a two-label series (a control character no label value holds). */
    public static final String VALUE_SEPARATOR = "\u001f";

    /** The series value for labels {@code a} and {@code b} of a two-label family. */
    public static String values(String a, String b) {
        return a + VALUE_SEPARATOR + b;
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
