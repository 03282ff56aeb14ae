package gateway.client;

/** Counts over the events of a conformed edit. */
public record ConformTotals(int events, int matched, int unmatched, int ambiguous, int outOfRange, int warnings) {

    /** True when every event was linked to exactly one original within its media. */
    public boolean isComplete() {
        return matched == events && outOfRange == 0;
    }

    static ConformTotals of(gateway.protos.conform.v1.ConformTotals t) {
        return new ConformTotals(
                t.getEvents(), t.getMatched(), t.getUnmatched(), t.getAmbiguous(), t.getOutOfRange(), t.getWarnings());
    }
}
