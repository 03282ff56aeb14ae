package gateway.relink.read.aaf;

import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Item;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.relink.read.EditProblem;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Media Composer's locators: markers (DescriptiveMarker or CommentMarker) on the composition's event
 * slots, each at a position of the sequence, naming the tracks it describes, with Avid's colour and
 * user in extension properties. Each becomes a marker of the clip under it on the first described
 * track (the first picture track when it names none), at the matching frame of the clip's source.
 */
final class Markers {
    private Markers() {}

    /** Avid's locator colours (RGB, 16 bits a channel) by the marker colour they mean. */
    private static final Map<MarkerColor, int[]> COLOURS = Map.ofEntries(
            Map.entry(MarkerColor.RED, new int[] {41471, 12134, 6564}),
            Map.entry(MarkerColor.GREEN, new int[] {13107, 52428, 13107}),
            Map.entry(MarkerColor.BLUE, new int[] {13107, 13107, 52428}),
            Map.entry(MarkerColor.CYAN, new int[] {13107, 52428, 52428}),
            Map.entry(MarkerColor.MAGENTA, new int[] {52428, 13107, 52428}),
            Map.entry(MarkerColor.YELLOW, new int[] {52428, 52428, 13107}),
            Map.entry(MarkerColor.BLACK, new int[] {0, 0, 0}),
            Map.entry(MarkerColor.WHITE, new int[] {65535, 65535, 65535}));

    static List<Track> attach(
            List<Track> tracks,
            List<AafObject> eventSlots,
            long[] rate,
            AafDictionary dictionary,
            List<EditProblem> problems) {
        List<Track> out = new ArrayList<>(tracks);
        for (AafObject slot : eventSlots) {
            long[] slotRate = slot.has(Pid.EVENT_SLOT_EDIT_RATE) ? slot.rational(Pid.EVENT_SLOT_EDIT_RATE) : rate;
            if (!Rates.valid(slotRate)) {
                slotRate = rate;
            }
            AafObject segment = slot.child(Pid.SLOT_SEGMENT).orElse(null);
            if (segment == null) {
                continue;
            }
            List<AafObject> events =
                    segment.type() == AafClass.SEQUENCE ? segment.children(Pid.SEQUENCE_COMPONENTS) : List.of(segment);
            for (AafObject e : events) {
                if (!e.has(Pid.EVENT_POSITION)) {
                    continue;
                }
                long pos = Rates.rescale(e.int64(Pid.EVENT_POSITION), slotRate, rate);
                String comment = e.string(Pid.EVENT_COMMENT, "");
                MarkerColor colour = colour(e, dictionary).orElse(MarkerColor.RED);
                int target = target(out, described(e));
                if (target < 0 || !placeOn(out, target, pos, comment, colour)) {
                    problems.add(new EditProblem(
                            0,
                            null,
                            "locator '" + comment + "' at sequence frame " + pos + " is over no clip: not kept"));
                }
            }
        }
        return out;
    }

    /** The slot ids a marker describes (a packed array of UInt32), empty when it names none. */
    private static List<Integer> described(AafObject e) {
        byte[] raw = e.raw(Pid.DESCRIBED_SLOTS);
        List<Integer> ids = new ArrayList<>();
        if (raw != null) {
            ByteBuffer b = ByteBuffer.wrap(raw).order(e.order());
            while (b.remaining() >= 4) {
                ids.add(b.getInt());
            }
        }
        return ids;
    }

    private static int target(List<Track> tracks, List<Integer> slotIds) {
        for (int id : slotIds) {
            for (int i = 0; i < tracks.size(); i++) {
                Object slot =
                        tracks.get(i).metadata().namespace("aaf").get("slot_id").orElse(null);
                if (slot instanceof Number n && n.intValue() == id) {
                    return i;
                }
            }
        }
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).kind() == TrackKind.VIDEO) {
                return i;
            }
        }
        return tracks.isEmpty() ? -1 : 0;
    }

    private static boolean placeOn(List<Track> tracks, int index, long pos, String comment, MarkerColor colour) {
        Track track = tracks.get(index);
        long at = 0;
        List<Item> items = track.items();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item instanceof Transition) {
                continue;
            }
            long length = item.duration().value();
            if (pos >= at && pos < at + length && item instanceof Clip clip) {
                List<Marker> markers = new ArrayList<>(clip.markers());
                markers.add(new Marker(
                        comment,
                        colour,
                        comment,
                        TimeRange.of(clip.sourceRange().start().plusFrames(pos - at), 1),
                        Metadata.empty()));
                tracks.set(index, track.withItem(i, clip.withMarkers(markers)));
                return true;
            }
            at += length;
        }
        return false;
    }

    /** Avid's CommentMarkerColor (an RGB of three UInt16) as the nearest marker colour. */
    private static Optional<MarkerColor> colour(AafObject e, AafDictionary dictionary) {
        Optional<Integer> pid = dictionary.propertyId("CommentMarkerColor");
        if (pid.isEmpty() || !e.has(pid.get())) {
            return Optional.empty();
        }
        byte[] raw = e.raw(pid.get());
        if (raw == null || raw.length < 6) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(e.order());
        int r = Short.toUnsignedInt(b.getShort());
        int g = Short.toUnsignedInt(b.getShort());
        int bl = Short.toUnsignedInt(b.getShort());
        MarkerColor best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Map.Entry<MarkerColor, int[]> c : COLOURS.entrySet()) {
            long dr = r - c.getValue()[0];
            long dg = g - c.getValue()[1];
            long db = bl - c.getValue()[2];
            long d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = c.getKey();
            }
        }
        return Optional.ofNullable(best);
    }
}
