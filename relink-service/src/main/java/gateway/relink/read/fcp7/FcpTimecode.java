package gateway.relink.read.fcp7;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.util.Optional;

/**
 * A {@code <timecode>} element: the frame it labels (frames since midnight at its rate), whether it
 * is displayed drop-frame, the string as written and the reel ({@code reel/name}). The
 * {@code frame} field wins when present (it is what FCP counts with); otherwise the {@code string}
 * is parsed, drop-frame when {@code displayformat} says DF or the string has a ';'.
 */
record FcpTimecode(long frame, FrameRate rate, boolean dropFrame, String string, String reel) {

    static Optional<FcpTimecode> of(XmlNode timecode, Scope enclosing, Findings findings) {
        Scope scope = enclosing.push(timecode);
        FrameRate rate = scope.rate(findings)
                .orElseThrow(() -> findings.parseError(timecode.label(), "timecode has no rate here or above it"));
        String string = timecode.text("string").orElse(null);
        boolean df = timecode.text("displayformat")
                .map(s -> s.equalsIgnoreCase("DF"))
                .orElse(string != null && string.indexOf(';') >= 0);
        String reel = timecode.text("reel/name").orElse(null);
        Optional<Long> frame = FrameCount.at(timecode, "frame", findings);
        if (frame.isPresent()) {
            return Optional.of(new FcpTimecode(frame.get(), rate, df, string, reel));
        }
        if (string == null) {
            findings.inconsistency(timecode.label(), "timecode has neither <frame> nor <string>; ignored");
            return Optional.empty();
        }
        boolean parseDf = df;
        if (df && !rate.supportsDropFrame()) {
            findings.note(
                    timecode.label(),
                    "timecode " + string + " is marked drop-frame at " + rate.toDecimalString()
                            + " fps, where drop-frame does not exist; read as non-drop");
            parseDf = false;
        }
        try {
            long frames = Timecode.parse(string, rate, parseDf).toFrames();
            return Optional.of(new FcpTimecode(frames, rate, df, string, reel));
        } catch (GatewayException e) {
            throw findings.parseError(timecode.label(), e.getMessage());
        }
    }
}
