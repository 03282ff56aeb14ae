package gateway.relink.link;

import gateway.model.error.GatewayException;

/** {@code handlesFrames}: extra frames wanted before and after every event, at the edit's rate. */
public record LinkOptions(int handlesFrames) {
    public LinkOptions {
        if (handlesFrames < 0) {
            throw GatewayException.invalid("handles must not be negative: " + handlesFrames + " frames");
        }
    }

    public static LinkOptions none() {
        return new LinkOptions(0);
    }
}
