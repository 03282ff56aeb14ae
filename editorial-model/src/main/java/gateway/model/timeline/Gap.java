package gateway.model.timeline;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import java.util.Objects;

/** Empty track time. */
public record Gap(RationalTime duration, Metadata metadata) implements Item {
    public Gap {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw GatewayException.invalid("gap of " + duration + " is negative");
        }
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static Gap of(long frames, FrameRate rate) {
        return new Gap(RationalTime.of(frames, rate), Metadata.empty());
    }

    @Override
    public String name() {
        return "";
    }
}
