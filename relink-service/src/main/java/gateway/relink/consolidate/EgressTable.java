package gateway.relink.consolidate;

import gateway.model.storage.EgressPlan;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An egress plan as lines for a terminal: one row per tier, range-exact against whole-file restore. */
public final class EgressTable {
    private EgressTable() {}

    public static List<String> lines(EgressPlan plan) {
        List<String> lines = new ArrayList<>();
        if (plan.tiers().isEmpty()) {
            lines.add("nothing to restore");
            return lines;
        }
        String format = "%-16s %9s  %-26s %-26s %s";
        lines.add(String.format(format, "tier", "originals", "range-exact", "whole-file", "saved"));
        for (EgressPlan.Tier t : plan.tiers()) {
            lines.add(String.format(
                    format,
                    t.name(),
                    t.originals(),
                    cell(t.rangeBytes(), t.rangeTime(), t.rangeCost()),
                    cell(t.wholeFileBytes(), t.wholeFileTime(), t.wholeFileCost()),
                    saved(t.rangeBytes(), t.wholeFileBytes())));
        }
        for (EgressPlan.Original o : plan.wholeFileOnly()) {
            lines.add("whole file: " + o.original() + " (" + o.wholeFileReason() + ")");
        }
        return lines;
    }

    /** "120 MB, 1 s, 0.00". */
    public static String cell(long bytes, Duration time, BigDecimal cost) {
        return new ByteCount(bytes) + ", " + EgressPlan.time(time) + ", " + EgressPlan.money(cost);
    }

    /** The share of the whole-file bytes range-exact restore does not move: "97 %". */
    public static String saved(long range, long whole) {
        if (whole == 0) {
            return "-";
        }
        long percent = (whole - range) * 100 / whole;
        return percent + " %";
    }
}
