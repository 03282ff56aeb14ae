package gateway.relink.read.fcp7;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.relink.read.EditProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * What the reader noticed while reading one file. In strict mode an inconsistency fails the read
 * (PARSE_ERROR naming the element); leniently it is recorded and the reader works around it. XML
 * carries no line numbers through the DOM, so problems name the element id instead.
 */
final class Findings {
    private final String sourceName;
    private final boolean strict;
    private final List<EditProblem> problems = new ArrayList<>();

    Findings(String sourceName, boolean strict) {
        this.sourceName = sourceName;
        this.strict = strict;
    }

    String sourceName() {
        return sourceName;
    }

    /** Something inconsistent: fails in strict mode, else noted. Returns the message. */
    String inconsistency(String element, String message) {
        if (strict) {
            throw parseError(element, message);
        }
        problems.add(new EditProblem(0, element, message));
        return message;
    }

    /** Something worth telling the online editor that is not wrong (never fails). */
    String note(String element, String message) {
        problems.add(new EditProblem(0, element, message));
        return message;
    }

    GatewayException parseError(String element, String message) {
        return new GatewayException(
                Reason.PARSE_ERROR, sourceName + ": " + (element == null ? "" : element + ": ") + message);
    }

    List<EditProblem> all() {
        return List.copyOf(problems);
    }
}
