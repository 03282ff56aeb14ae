package gateway.proxy.finish;

import gateway.model.time.FrameRate;
import java.util.List;

/**
 * Conform QC of one reference: what the reference is (rate, size, frames, start timecode or null),
 * {@code shift} (reference frame = conformed frame + shift), notes on the comparison as a whole,
 * and one finding per event in the order given.
 */
public record QcResult(
        String reference,
        FrameRate rate,
        int width,
        int height,
        long frames,
        String startTimecode,
        long shift,
        int searchFrames,
        List<String> notes,
        List<QcFinding> findings) {

    public QcResult {
        notes = List.copyOf(notes);
        findings = List.copyOf(findings);
    }

    /** How many findings have {@code status}. */
    public long count(QcFinding.Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}
