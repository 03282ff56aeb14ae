package gateway.perf;

import java.util.Arrays;
import java.util.Locale;

/** One row of the benchmark table: our median against the peer's, from the same machine and run. */
record BenchRow(String name, String peer, double[] oursSeconds, double[] peerSeconds, String goal) {

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    double ratio() {
        return median(oursSeconds) / median(peerSeconds);
    }

    String format() {
        return String.format(
                Locale.ROOT,
                "%-44s %10.3f s %10.3f s  %-8s %7.2f   %s   (runs: ours %s, %s %s)",
                name,
                median(oursSeconds),
                median(peerSeconds),
                peer,
                ratio(),
                goal,
                runs(oursSeconds),
                peer,
                runs(peerSeconds));
    }

    static String header() {
        return String.format(
                Locale.ROOT,
                "%-44s %12s %12s  %-8s %7s   %s",
                "benchmark",
                "ours (median)",
                "peer (median)",
                "peer",
                "ratio",
                "goal");
    }

    private static String runs(double[] xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", xs[i]));
        }
        return sb.append("]").toString();
    }
}
