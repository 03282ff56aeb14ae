package gateway.relink.link;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.relink.nest.NestOrigin;
import java.util.List;

/**
 * The linker's decision for one event on one track. Record and source ranges are frames since
 * midnight at the edit's {@code rate} (null for an invalid event whose fields could not be read);
 * {@code sourceFrames} is the part of the original the event uses, in the original's frames (null
 * unless an original was chosen and the conversion is exact). {@code nest} says which nested
 * sequence / compound clip the event was flattened out of (null for a top-level event).
 */
public record EventLink(
        String event,
        int line,
        String track,
        FrameRate rate,
        boolean dropFrame,
        TimeRange record,
        TimeRange source,
        String reel,
        String clipName,
        LinkStatus status,
        MatchMethod method,
        Candidate asset,
        TimeRange sourceFrames,
        List<Candidate> candidates,
        String message,
        NestOrigin nest) {

    public EventLink {
        candidates = List.copyOf(candidates == null ? List.of() : candidates);
        message = message == null ? "" : message;
    }
}
