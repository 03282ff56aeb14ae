package gateway.tiers;

import gateway.model.asset.Manifest;
import gateway.model.asset.OriginalLocation;

/** What a demotion tells the node as it goes: progress for its job, and the records its audit log keeps. */
public interface DemotionEvents {
    DemotionEvents NONE = new DemotionEvents() {};

    /** {@code doneBytes} of {@code totalBytes} of the original are in the object tier now. */
    default void uploaded(Manifest m, long doneBytes, long totalBytes) {}

    /** The original was uploaded and read back: {@code object} is verified. */
    default void demoted(Manifest m, OriginalLocation object) {}

    /** The NAS copy was deleted after the object was verified: {@code released} says where it was. */
    default void released(Manifest m, OriginalLocation released) {}

    /** An upload was given up: aborted in the store (no parts left), the location dropped. */
    default void abandoned(Manifest m, String tier, String address, String why) {}
}
