package gateway.relink.link;

import gateway.model.error.GatewayException;

/**
 * {@code handlesFrames}: extra frames wanted before and after every event, at the edit's rate.
 * {@code statusMarkers}: put a marker on every clip of the linked timeline saying how it was linked
 * (see {@link StatusMarker}), so the online editor sees the statuses in the NLE.
 */
public record LinkOptions(int handlesFrames, boolean statusMarkers) {
    public LinkOptions {
        if (handlesFrames < 0) {
            throw GatewayException.invalid("handles must not be negative: " + handlesFrames + " frames");
        }
    }

    /** Handles, no status markers. */
    public LinkOptions(int handlesFrames) {
        this(handlesFrames, false);
    }

    public static LinkOptions none() {
        return new LinkOptions(0);
    }

    /** A copy that writes (or not) a status marker on every clip. */
    public LinkOptions withStatusMarkers(boolean on) {
        return new LinkOptions(handlesFrames, on);
    }
}
