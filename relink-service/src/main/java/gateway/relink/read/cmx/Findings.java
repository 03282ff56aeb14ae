package gateway.relink.read.cmx;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.relink.read.EditProblem;
import java.util.ArrayList;
import java.util.List;

/** Where a reading's problems go: strict mode fails on an inconsistency, lenient mode records it. */
final class Findings {
    private final String source;
    private final boolean strict;
    private final List<EditProblem> problems = new ArrayList<>();

    Findings(String source, boolean strict) {
        this.source = source;
        this.strict = strict;
    }

    boolean strict() {
        return strict;
    }

    /** An inconsistency: fails in strict mode, else is recorded and returned. */
    EditProblem inconsistency(int line, String event, String message) {
        EditProblem p = new EditProblem(line, event, message);
        if (strict) {
            throw parseError(p);
        }
        problems.add(p);
        return p;
    }

    /** A note that never fails the reading (an unknown line, a comment we do not use). */
    EditProblem warning(int line, String event, String message) {
        EditProblem p = new EditProblem(line, event, message);
        problems.add(p);
        return p;
    }

    GatewayException parseError(EditProblem p) {
        return new GatewayException(Reason.PARSE_ERROR, source + ": " + p);
    }

    List<EditProblem> all() {
        return List.copyOf(problems);
    }
}
