package gateway.relink.consolidate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A number of bytes, printed for people in decimal units: "950 B", "400 MB", "1.2 GB". */
public record ByteCount(long bytes) {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    @Override
    public String toString() {
        if (bytes < 1000) {
            return bytes + " B";
        }
        int unit = 0;
        BigDecimal value = BigDecimal.valueOf(bytes);
        BigDecimal thousand = BigDecimal.valueOf(1000);
        while (value.compareTo(thousand) >= 0 && unit < UNITS.length - 1) {
            value = value.divide(thousand);
            unit++;
        }
        // one decimal below 100 (1.2 GB), none above (400 MB); a value that rounds up to 1000 moves up a unit
        int places = value.compareTo(BigDecimal.valueOf(100)) < 0 ? 1 : 0;
        BigDecimal shown = value.setScale(places, RoundingMode.HALF_UP);
        if (shown.compareTo(thousand) >= 0 && unit < UNITS.length - 1) {
            shown = value.divide(thousand).setScale(1, RoundingMode.HALF_UP);
            unit++;
        }
        return shown.stripTrailingZeros().toPlainString() + " " + UNITS[unit];
    }
}
