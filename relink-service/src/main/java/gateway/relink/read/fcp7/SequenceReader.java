package gateway.relink.read.fcp7;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.timeline.Marker;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Stack;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.Edit;
import gateway.relink.read.InvalidEvent;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * A {@code sequence} as a timeline: its rate, its timecode as the timeline's global start, its
 * video tracks then its audio tracks (a stereo pair exploded over two tracks counts once, as the
 * first of them; a second channel that differs is noted), and its markers (kept in the timeline's
 * metadata, which has no marker list). Each sequence is read once: nested sequences referenced
 * again by id reuse the first reading. Each has a key (its id, else a made-up one) under which
 * {@link #byKey()} hands it out; a clip that plays a sequence being read (a cycle) asks for its
 * {@link #header} instead.
 */
final class SequenceReader {
    private final IdTable ids;
    private final Findings findings;
    private final FrameRate fallbackRate;
    private final ClipReader clips;
    private final TrackReader tracks;
    private final MarkerReader markers;
    private final Map<Element, Timeline> read = new IdentityHashMap<>();
    private final Map<Element, Timeline> reading = new IdentityHashMap<>();
    private final List<Timeline> finished = new ArrayList<>();
    private final Map<Element, String> keys = new IdentityHashMap<>();
    private final Map<String, Timeline> byKey = new LinkedHashMap<>();

    SequenceReader(IdTable ids, Findings findings, FrameRate fallbackRate, List<InvalidEvent> invalid) {
        this.ids = ids;
        this.findings = findings;
        this.fallbackRate = fallbackRate;
        this.clips = new ClipReader(ids, findings, this);
        this.tracks = new TrackReader(ids, findings, clips, invalid);
        this.markers = new MarkerReader(findings);
    }

    /** Every sequence read so far, in the order their reading finished (nested ones first). */
    List<Timeline> all() {
        return List.copyOf(finished);
    }

    /** Every sequence read so far by its key (see {@link #keyOf}). */
    Map<String, Timeline> byKey() {
        return byKey;
    }

    /** The key of {@code node}'s sequence: its id, made unique; "sequence" (+ "#n") when it has none. */
    String keyOf(XmlNode node) {
        XmlNode sequence = ids.resolve(node);
        String known = keys.get(sequence.element());
        if (known != null) {
            return known;
        }
        String base = sequence.id() != null && !sequence.id().isBlank() ? sequence.id() : "sequence";
        String key = base;
        for (int n = 2; keys.containsValue(key); n++) {
            key = base + "#" + n;
        }
        keys.put(sequence.element(), key);
        return key;
    }

    /**
     * The name, rate and start of a sequence that is being read right now (tracks not yet known),
     * when {@code node} is one: a clip inside it that plays it again makes a cycle.
     */
    Optional<Timeline> header(XmlNode node) {
        return Optional.ofNullable(reading.get(ids.resolve(node).element()));
    }

    Timeline read(XmlNode node, Scope enclosing) {
        XmlNode sequence = ids.resolve(node);
        Timeline done = read.get(sequence.element());
        if (done != null) {
            return done;
        }
        if (reading.containsKey(sequence.element())) {
            throw findings.parseError(sequence.label(), "sequence contains itself");
        }
        String key = keyOf(sequence);
        try {
            Timeline timeline = build(sequence, enclosing);
            read.put(sequence.element(), timeline);
            finished.add(timeline);
            byKey.put(key, timeline);
            return timeline;
        } finally {
            reading.remove(sequence.element());
        }
    }

    private Timeline build(XmlNode sequence, Scope enclosing) {
        Scope scope = enclosing.push(sequence);
        FrameRate rate = scope.rate(findings).orElseGet(() -> {
            findings.inconsistency(
                    sequence.label(), "sequence has no <rate>; read at " + fallbackRate.toDecimalString() + " fps");
            return fallbackRate;
        });
        String name = sequence.text("name").orElse("");
        Optional<FcpTimecode> tc =
                sequence.child("timecode").map(ids::resolve).flatMap(t -> FcpTimecode.of(t, scope, findings));
        long start = tc.map(t -> RationalTime.of(t.frame(), t.rate())
                        .rescaledTo(rate, RoundingMode.HALF_UP)
                        .value())
                .orElse(0L);
        boolean df = tc.map(t -> t.dropFrame() && t.rate().supportsDropFrame()).orElse(false);
        reading.put(sequence.element(), Timeline.of(name, RationalTime.of(start, rate), List.of()));
        List<Track> all = new ArrayList<>();
        Optional<XmlNode> media = sequence.child("media").map(ids::resolve);
        if (media.isPresent()) {
            Scope mediaScope = scope.push(media.get());
            media.get().child("video").ifPresent(v -> all.addAll(tracks(v, mediaScope, TrackKind.VIDEO, rate)));
            media.get().child("audio").ifPresent(a -> all.addAll(tracks(a, mediaScope, TrackKind.AUDIO, rate)));
        }
        List<Marker> sequenceMarkers = markers.markers(sequence, rate, f -> f);
        Map<String, Object> fcp = new LinkedHashMap<>();
        if (sequence.id() != null) {
            fcp.put("id", sequence.id());
        }
        sequence.text("uuid").ifPresent(v -> fcp.put("uuid", v));
        sequence.text("duration").ifPresent(v -> fcp.put("duration", v));
        tc.ifPresent(t -> {
            fcp.put("timecode_frame", t.frame());
            if (t.string() != null) {
                fcp.put("timecode", t.string());
            }
        });
        if (!sequenceMarkers.isEmpty()) {
            fcp.put("markers", MarkerReader.asMetadata(sequenceMarkers));
        }
        Metadata metadata =
                Metadata.empty().with(Edit.NAMESPACE, Map.of("drop_frame", df)).with(FilterReader.NAMESPACE, fcp);
        return new Timeline(name, RationalTime.of(start, rate), new Stack(name, all, Metadata.empty()), metadata);
    }

    private List<Track> tracks(XmlNode kindNode, Scope mediaScope, TrackKind kind, FrameRate rate) {
        Scope scope = mediaScope.push(kindNode);
        String prefix = kind == TrackKind.VIDEO ? "V" : "A";
        List<Track> out = new ArrayList<>();
        List<String> primarySignature = List.of();
        String primaryName = "";
        for (XmlNode t : kindNode.children("track")) {
            XmlNode track = ids.resolve(t);
            if (kind == TrackKind.AUDIO && isSecondaryChannel(track)) {
                List<String> signature = signature(track);
                if (!signature.equals(primarySignature)) {
                    findings.note(
                            primaryName,
                            "exploded channel " + track.attribute("currentExplodedTrackIndex")
                                    + " (counting from 0) of audio track " + primaryName
                                    + " holds different items than its first channel; only the first is on the timeline");
                }
                continue;
            }
            String name = prefix + (out.size() + 1);
            Track read = tracks.read(track, scope, kind, name, rate);
            out.add(read);
            primarySignature = signature(track);
            primaryName = read.name().isEmpty() ? name : read.name();
        }
        return out;
    }

    /** Premiere explodes a stereo track over two tracks; the second ({@code currentExplodedTrackIndex} 1) is the same edit. */
    private static boolean isSecondaryChannel(XmlNode track) {
        String index = track.attribute("currentExplodedTrackIndex");
        String count = track.attribute("totalExplodedTrackCount");
        return index != null && !index.equals("0") && (count == null || !count.equals("1"));
    }

    private List<String> signature(XmlNode track) {
        List<String> out = new ArrayList<>();
        for (XmlNode item : track.elements()) {
            XmlNode i = ids.resolve(item);
            if (i.tag().equals("clipitem")
                    || i.tag().equals("generatoritem")
                    || i.tag().equals("transitionitem")) {
                String file =
                        i.child("file").map(XmlNode::id).orElse(i.text("name").orElse(""));
                out.add(i.tag()
                        + ' '
                        + i.text("start").orElse("")
                        + ' '
                        + i.text("end").orElse("")
                        + ' '
                        + i.text("in").orElse("")
                        + ' '
                        + i.text("out").orElse("")
                        + ' '
                        + file);
            }
        }
        return out;
    }
}
