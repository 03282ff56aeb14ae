package gateway.proxy.restore;

import gateway.proxy.finish.TrimResult;

/**
 * A restored, trimmed original and what it cost: the bytes fetched from the tier (planning reads
 * included) against the original's whole size, and the plan that was followed.
 */
public record RestoreResult(TrimResult trimmed, long bytesFetched, long wholeFileBytes, RestoreRanges plan) {
    /** Bytes fetched as a share of the whole file (1.0 for a whole-file restore). */
    public double shareOfWholeFile() {
        return wholeFileBytes == 0 ? 1.0 : (double) bytesFetched / wholeFileBytes;
    }
}
