package gateway.relink.read.fcp7;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * A frame number as xmeml writes it: "1055", and from some exporters "1055.0". A fraction of a
 * frame is rounded half up and noted; anything else that is not a number is a parse error.
 */
final class FrameCount {
    private FrameCount() {}

    static Optional<Long> at(XmlNode node, String path, Findings findings) {
        Optional<String> text = node.text(path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.get());
        } catch (NumberFormatException e) {
            throw findings.parseError(node.label(), "<" + path + "> '" + text.get() + "' is not a frame number");
        }
        BigDecimal whole = value.setScale(0, RoundingMode.HALF_UP);
        if (whole.compareTo(value) != 0) {
            findings.inconsistency(
                    node.label(),
                    "<" + path + "> " + text.get() + " is not a whole frame; read as " + whole.toPlainString());
        }
        try {
            return Optional.of(whole.longValueExact());
        } catch (ArithmeticException e) {
            throw findings.parseError(node.label(), "<" + path + "> '" + text.get() + "' is out of range");
        }
    }

    static long required(XmlNode node, String path, Findings findings) {
        return at(node, path, findings).orElseThrow(() -> findings.parseError(node.label(), "has no <" + path + ">"));
    }
}
