package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.Objects;

/** What a written file got wrong against what was asked, collected and thrown as one INTERNAL error. */
final class Mismatches {
    private final StringBuilder wrong = new StringBuilder();

    void compare(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            wrong.append(' ')
                    .append(what)
                    .append(' ')
                    .append(actual)
                    .append(" instead of ")
                    .append(expected)
                    .append(';');
        }
    }

    void throwIfAny(String prefix) {
        if (!wrong.isEmpty()) {
            throw new GatewayException(Reason.INTERNAL, prefix + wrong);
        }
    }
}
