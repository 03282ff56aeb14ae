package gateway.relink.read.aaf;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows a SourceClip down its mob chain — composition → master mob → file source mob → tape (or
 * import) source mob — to what a linker needs: the clip's name (the master mob's), the reel (the tape's
 * name), the file (the first locator's URL), and the start timecode of the frames used, taken from the
 * deepest mob that has a timecode track (the tape's, else the file's). Positions are carried exactly
 * from slot to slot: each SourceClip's start plus the offset into it, moved between edit rates by
 * {@link Rates#rescale}.
 */
final class SourceChain {
    /** Deeper than any real chain (composition, master, file, tape, film is five). */
    private static final int MAX_DEPTH = 16;

    private static final String ZERO_MOB = "0".repeat(64);

    private final Map<String, AafObject> mobs;

    /** Where the frames of a clip come from. {@code start} is in the clip's own edit rate. */
    record Source(
            String mobId,
            String clipName,
            String reel,
            String sourceFile,
            String path,
            long start,
            boolean timecoded,
            boolean dropFrame,
            AafObject composition,
            int compositionSlot,
            List<String> notes) {}

    SourceChain(Map<String, AafObject> mobs) {
        this.mobs = mobs;
    }

    /** The mob a SourceClip refers to, or empty when it ends the chain or is not in the file. */
    Optional<AafObject> mob(String id) {
        return Optional.ofNullable(mobs.get(id));
    }

    static boolean endsChain(String mobId) {
        return mobId.equals(ZERO_MOB);
    }

    /** Resolves a SourceClip of a slot at {@code rate}. */
    Source resolve(AafObject clip, long[] rate) {
        String mobId = clip.mobId(Pid.SOURCE_ID);
        int slotId = clip.int32(Pid.SOURCE_SLOT_ID);
        long start = clip.int64(Pid.SOURCE_CLIP_START, 0);
        List<String> notes = new ArrayList<>();
        AafObject first = mobs.get(mobId);
        if (first == null) {
            notes.add("its source (mob " + mobId + ") is not in the file");
            return new Source(mobId, null, null, null, null, start, false, false, null, 0, notes);
        }
        if (first.type() == AafClass.COMPOSITION_MOB) {
            return new Source(
                    mobId, first.string(Pid.MOB_NAME, ""), null, null, null, start, false, false, first, slotId, notes);
        }
        String name = first.string(Pid.MOB_NAME, "");
        String reel = null;
        String url = null;
        String uncPath = userComment(first, "UNC Path").orElse(null);
        long[] at = rate;
        long pos = start;
        AafObject mob = first;
        long tcStart = 0;
        long[] tcRate = null;
        boolean drop = false;
        for (int depth = 0; mob != null && depth < MAX_DEPTH; depth++) {
            AafObject slot = slot(mob, slotId).orElse(null);
            if (slot == null) {
                notes.add("mob '" + mob.string(Pid.MOB_NAME, "") + "' has no slot " + slotId);
                break;
            }
            long[] slotRate = slotRate(slot, at);
            pos = Rates.rescale(pos, at, slotRate) + slot.int64(Pid.TIMELINE_SLOT_ORIGIN, 0);
            at = slotRate;
            Optional<long[]> tc = timecodeAt(mob, pos, slotRate);
            if (tc.isPresent()) {
                tcStart = tc.get()[0];
                tcRate = new long[] {tc.get()[1], tc.get()[2]};
                drop = tc.get()[3] != 0;
            }
            if (mob.type() == AafClass.SOURCE_MOB) {
                Optional<AafObject> descriptor = mob.child(Pid.SOURCE_MOB_DESCRIPTOR);
                if (descriptor.isPresent() && descriptor.get().type() == AafClass.TAPE_DESCRIPTOR) {
                    reel = mob.string(Pid.MOB_NAME, null);
                }
                if (url == null && descriptor.isPresent()) {
                    url = locator(descriptor.get()).orElse(null);
                }
            }
            Placed segment = playing(componentAt(slot.child(Pid.SLOT_SEGMENT).orElse(null), pos), pos);
            if (segment == null
                    || segment.component.type() != AafClass.SOURCE_CLIP
                    || endsChain(segment.component.mobId(Pid.SOURCE_ID))) {
                break;
            }
            AafObject next = mobs.get(segment.component.mobId(Pid.SOURCE_ID));
            if (next == null) {
                break; // the tape or file mob was not exported: the chain ends where the file ends
            }
            pos = segment.component.int64(Pid.SOURCE_CLIP_START, 0) + (pos - segment.start);
            slotId = segment.component.int32(Pid.SOURCE_SLOT_ID);
            mob = next;
        }
        long sourceStart = tcRate == null ? start : Rates.rescale(tcStart, tcRate, rate);
        String path = uncPath != null ? uncPath : url == null ? null : pathOf(url);
        String file = path == null ? null : fileName(path);
        return new Source(mobId, name, reel, file, path, sourceStart, tcRate != null, drop, null, 0, notes);
    }

    /** A component of a segment and where it starts in the segment. */
    record Placed(AafObject component, long start) {}

    /** The component of {@code segment} (a Sequence or a single component) that covers {@code pos}. */
    static Placed componentAt(AafObject segment, long pos) {
        if (segment == null) {
            return null;
        }
        if (segment.type() != AafClass.SEQUENCE) {
            return new Placed(segment, 0);
        }
        long at = 0;
        Placed last = null;
        for (AafObject c : segment.children(Pid.SEQUENCE_COMPONENTS)) {
            long length = c.int64(Pid.COMPONENT_LENGTH, 0);
            if (c.type() == AafClass.TRANSITION) {
                at -= length;
                continue;
            }
            last = new Placed(c, at);
            if (pos >= at && pos < at + length) {
                return last;
            }
            at += length;
        }
        return last;
    }

    /**
     * What plays at {@code pos} when {@code placed} is a choice: an EssenceGroup plays its first choice
     * (Media Composer writes a master mob's media, a title's among them, as one), a Selector its selected
     * segment; a choice that is a Sequence plays its component at {@code pos}. Anything else is itself.
     */
    static Placed playing(Placed placed, long pos) {
        Placed p = placed;
        for (int depth = 0; p != null && depth < MAX_DEPTH; depth++) {
            Optional<AafObject> choice =
                    switch (p.component.type()) {
                        case ESSENCE_GROUP ->
                            p.component.children(Pid.ESSENCE_GROUP_CHOICES).stream()
                                    .findFirst();
                        case SELECTOR -> p.component.child(Pid.SELECTOR_SELECTED);
                        default -> Optional.empty();
                    };
            if (choice.isEmpty()) {
                return p;
            }
            Placed inner = componentAt(choice.get(), pos - p.start);
            p = inner == null ? null : new Placed(inner.component, p.start + inner.start);
        }
        return p;
    }

    /** The slot with id {@code id} of {@code mob}. */
    static Optional<AafObject> slot(AafObject mob, int id) {
        for (AafObject s : mob.children(Pid.MOB_SLOTS)) {
            if (s.has(Pid.SLOT_ID) && s.int32(Pid.SLOT_ID) == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    static long[] slotRate(AafObject slot, long[] otherwise) {
        if (slot.has(Pid.TIMELINE_SLOT_EDIT_RATE)) {
            long[] r = slot.rational(Pid.TIMELINE_SLOT_EDIT_RATE);
            if (Rates.valid(r)) {
                return r;
            }
        }
        return otherwise;
    }

    /**
     * The timecode at {@code pos} (edit units at {@code rate}) of {@code mob}'s timecode track, if it
     * has one: {frames at the timecode's rate, rate numerator, rate denominator, drop (0/1)}.
     */
    static Optional<long[]> timecodeAt(AafObject mob, long pos, long[] rate) {
        for (AafObject s : mob.children(Pid.MOB_SLOTS)) {
            AafObject seg = s.child(Pid.SLOT_SEGMENT).orElse(null);
            if (seg == null || !isTimecode(seg)) {
                continue;
            }
            long[] tcSlotRate = slotRate(s, rate);
            long p = Rates.rescale(pos, rate, tcSlotRate);
            Placed tc = componentAt(seg, p);
            if (tc == null || tc.component.type() != AafClass.TIMECODE) {
                continue;
            }
            long start = tc.component.int64(Pid.TIMECODE_START, 0);
            boolean drop = tc.component.uint8(Pid.TIMECODE_DROP, 0) != 0;
            return Optional.of(new long[] {start + (p - tc.start), tcSlotRate[0], tcSlotRate[1], drop ? 1 : 0});
        }
        return Optional.empty();
    }

    static boolean isTimecode(AafObject segment) {
        if (segment.type() == AafClass.TIMECODE) {
            return true;
        }
        if (segment.type() == AafClass.SEQUENCE) {
            List<AafObject> parts = segment.children(Pid.SEQUENCE_COMPONENTS);
            return !parts.isEmpty() && parts.get(0).type() == AafClass.TIMECODE;
        }
        return false;
    }

    /** The value of the user comment called {@code name} of a mob or component. */
    Optional<String> userComment(AafObject object, String name) {
        for (AafObject tag : object.children(Pid.MOB_USER_COMMENTS)) {
            if (name.equals(tag.string(Pid.TAGGED_NAME, ""))) {
                return AafDictionary.indirectString(tag.raw(Pid.TAGGED_VALUE), tag.order());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> locator(AafObject descriptor) {
        for (AafObject loc : descriptor.children(Pid.DESCRIPTOR_LOCATORS)) {
            String url = loc.string(Pid.NETWORK_LOCATOR_URL, null);
            if (url != null && !url.isBlank()) {
                return Optional.of(url);
            }
        }
        return Optional.empty();
    }

    /** A locator URL ({@code file:///Volumes/...}, {@code file://host/share/...}) as a path. */
    static String pathOf(String url) {
        if (!url.regionMatches(true, 0, "file:", 0, 5)) {
            return url;
        }
        try {
            URI u = URI.create(url.replace(" ", "%20"));
            String p = u.getPath();
            return p == null ? url : (u.getHost() == null || u.getHost().isEmpty() ? p : "//" + u.getHost() + p);
        } catch (IllegalArgumentException e) {
            return URLDecoder.decode(url.substring(5), StandardCharsets.UTF_8);
        }
    }

    static String fileName(String path) {
        String p = path.replace('\\', '/');
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
