package gateway.proxy.check;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.util.Objects;

/**
 * What a written file (a proxy, a trim, a master) got wrong against what was asked, read back by the
 * probe, collected and thrown as one INTERNAL error naming every difference.
 */
public final class Mismatches {
    private final StringBuilder wrong = new StringBuilder();

    public void compare(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            wrong.append(' ')
                    .append(what)
                    .append(' ')
                    .append(text(actual))
                    .append(" instead of ")
                    .append(text(expected))
                    .append(';');
        }
    }

    /** A value as the message shows it: a frame rate as "25 fps", not its wire spelling "25/1". */
    private static String text(Object value) {
        return value instanceof FrameRate r ? r.toFpsString() : String.valueOf(value);
    }

    public void throwIfAny(String prefix) {
        if (!wrong.isEmpty()) {
            throw new GatewayException(Reason.INTERNAL, prefix + wrong);
        }
    }
}
