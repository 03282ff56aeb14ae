package gateway.relink.read.fcpxml;

import gateway.model.timeline.Item;
import gateway.model.timeline.TrackKind;

/**
 * An item on its way to a track: its lane (0 = the primary storyline), whether it is picture or
 * sound, and its track range in frames from the timeline's start ({@code start == end} for a
 * transition, placed at its cut).
 */
record Placement(int lane, TrackKind kind, long start, long end, Item item) {}
