package gateway.agent;

import gateway.model.error.GatewayException;
import java.util.Locale;

/** A number of bytes, read as {@code 500000}, {@code 800M}, {@code 20G} (powers of 1024) and shown as {@code 12.3 MiB}. */
record ByteSize(long bytes) {
    private static final String UNITS = "KMGT";

    ByteSize {
        if (bytes < 0) {
            throw GatewayException.invalid("a size of " + bytes + " bytes must not be negative");
        }
    }

    static ByteSize parse(String text, String what) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int unit = t.isEmpty() ? -1 : UNITS.indexOf(t.charAt(t.length() - 1));
        String digits = unit >= 0 ? t.substring(0, t.length() - 1) : t;
        try {
            long n = Long.parseLong(digits.strip());
            return new ByteSize(Math.multiplyExact(n, 1L << (10 * (unit + 1))));
        } catch (NumberFormatException | ArithmeticException e) {
            throw GatewayException.invalid(what + " '" + text + "' is not a size such as 500000, 800M or 20G");
        }
    }

    @Override
    public String toString() {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = Math.min((63 - Long.numberOfLeadingZeros(bytes)) / 10, UNITS.length());
        return String.format(Locale.ROOT, "%.1f %siB", bytes / (double) (1L << (10 * unit)), UNITS.charAt(unit - 1));
    }
}
