package gateway.client;

/** Counts over the events of a conformed edit. */
public record ConformTotals(int events, int matched, int unmatched, int ambiguous, int outOfRange, int warnings) {

    /** True when every event was linked to exactly one original within its media. */
    public boolean isComplete() {
        return matched == events && outOfRange == 0;
    }

    /** "3 events: 2 matched, 1 unmatched, 0 ambiguous, 0 out of range, 1 warning(s)", for people. */
    public String summary() {
        return events + " events: " + matched + " matched, " + unmatched + " unmatched, " + ambiguous + " ambiguous, "
                + outOfRange + " out of range, " + warnings + " warning(s)";
    }

    static ConformTotals of(gateway.protos.conform.v1.ConformTotals t) {
        return new ConformTotals(
                t.getEvents(), t.getMatched(), t.getUnmatched(), t.getAmbiguous(), t.getOutOfRange(), t.getWarnings());
    }
}
