package gateway.relink.read.fcpxml;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.relink.read.EditProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems met while reading one document. An inconsistency (a time off the frame grid, media
 * that cannot be found) fails a strict reading and is recorded by a lenient one; a note never fails.
 * FCPXML has no line numbers in the DOM: problems carry line 0 and the event (story item) number.
 */
final class FcpFindings {
    private final String source;
    private final boolean strict;
    private final List<EditProblem> problems = new ArrayList<>();

    FcpFindings(String source, boolean strict) {
        this.source = source;
        this.strict = strict;
    }

    String source() {
        return source;
    }

    /** Fails in strict mode; otherwise records the problem and returns its message. */
    String inconsistency(String event, String message) {
        EditProblem p = new EditProblem(0, event, message);
        if (strict) {
            throw new GatewayException(Reason.PARSE_ERROR, source + ": " + p);
        }
        problems.add(p);
        return message;
    }

    String note(String event, String message) {
        problems.add(new EditProblem(0, event, message));
        return message;
    }

    GatewayException parseError(String message) {
        return new GatewayException(Reason.PARSE_ERROR, source + ": " + message);
    }

    List<EditProblem> all() {
        return List.copyOf(problems);
    }
}
