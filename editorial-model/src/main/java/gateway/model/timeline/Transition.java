package gateway.model.timeline;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import java.util.Objects;

/**
 * A transition at the cut between the items before and after it, as in OTIO: it reaches
 * {@code inOffsetFrames} back into the outgoing item and {@code outOffsetFrames} forward into the
 * incoming one, and takes no track time of its own. A CMX dissolve that starts at the cut has
 * {@code in = 0, out = duration}. {@code kindName} is the edit's own name for the kind (e.g. the
 * wipe code "W001", or the name of an {@link TransitionKind#OTHER} transition); it may be null.
 */
public record Transition(
        String name,
        TransitionKind kind,
        String kindName,
        long inOffsetFrames,
        long outOffsetFrames,
        FrameRate rate,
        Metadata metadata)
        implements Item {

    public Transition {
        name = name == null ? "" : name;
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rate, "rate");
        if (inOffsetFrames < 0 || outOffsetFrames < 0) {
            throw GatewayException.invalid(
                    "transition '" + name + "' has negative offsets " + inOffsetFrames + "/" + outOffsetFrames);
        }
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static Transition dissolve(String name, long inOffsetFrames, long outOffsetFrames, FrameRate rate) {
        return new Transition(
                name, TransitionKind.DISSOLVE, null, inOffsetFrames, outOffsetFrames, rate, Metadata.empty());
    }

    /** The length of the transition: in offset + out offset. */
    public long lengthFrames() {
        return inOffsetFrames + outOffsetFrames;
    }

    @Override
    public RationalTime duration() {
        return RationalTime.zero(rate);
    }
}
