package gateway.model.timeline;

import gateway.model.time.RationalTime;

/** Something a track holds. Clips and gaps take track time; a transition overlaps its neighbours. */
public sealed interface Item permits Clip, Gap, Transition {
    String name();

    Metadata metadata();

    /** How much track time the item takes (zero for a transition). */
    RationalTime duration();
}
