package gateway.relink.read.fcp7;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FCP 7 XML inheritance: an element that does not say its {@code rate} takes it from the nearest
 * enclosing element that does (sequence → media → track → clipitem → file → timecode). The
 * {@code timebase} and the {@code ntsc} flag are inherited separately, as Final Cut Pro does: a
 * timecode that gives only {@code timebase 24} inside a clip at 24 + NTSC runs at 24000/1001.
 */
record Scope(List<XmlNode> chain) {

    static Scope root() {
        return new Scope(List.of());
    }

    Scope push(XmlNode node) {
        List<XmlNode> longer = new ArrayList<>(chain);
        longer.add(node);
        return new Scope(List.copyOf(longer));
    }

    /** The rate in force, or empty when no element up the chain gives a timebase. */
    Optional<FrameRate> rate(Findings findings) {
        Optional<String> timebase = nearest("rate/timebase");
        if (timebase.isEmpty()) {
            return Optional.empty();
        }
        boolean ntsc = nearest("rate/ntsc")
                .map(s -> s.equalsIgnoreCase("TRUE") || s.equals("1"))
                .orElse(false);
        return Optional.of(rateOf(timebase.get(), ntsc, findings));
    }

    private Optional<String> nearest(String path) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            Optional<String> t = chain.get(i).text(path);
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    private FrameRate rateOf(String timebase, boolean ntsc, Findings findings) {
        String where = chain.isEmpty() ? null : chain.get(chain.size() - 1).label();
        try {
            java.math.BigDecimal value = new java.math.BigDecimal(timebase).stripTrailingZeros();
            if (value.signum() > 0 && value.scale() <= 0) {
                int base = value.intValueExact();
                return ntsc ? FrameRate.of(base * 1000L, 1001) : FrameRate.of(base);
            }
            return FrameRate.parse(timebase);
        } catch (NumberFormatException | ArithmeticException | GatewayException e) {
            throw findings.parseError(where, "timebase '" + timebase + "' is not a frame rate");
        }
    }
}
