package gateway.relink.write.fcpxml;

import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.relink.read.Edit;
import gateway.relink.time.Seconds;
import gateway.relink.write.xml.XmlElement;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a timeline as FCPXML 1.10 for Final Cut Pro: {@code resources} (formats, assets with their
 * original and proxy {@code media-rep}s, effects), then {@code library / event / project / sequence
 * / spine}. The first video track is the primary storyline; every other track is a secondary
 * storyline anchored to the spine's first item, video tracks on lanes 1, 2 ... and audio tracks on
 * lanes -1, -2 ... (picture clips enable only their video, sound clips only their audio). Times are
 * exact rationals ({@code 1001/24000s}); clips are {@code asset-clip}s with their offset, media
 * start and duration, gaps {@code gap}s, transitions {@code transition}s centred on their cut as
 * their offsets say, speed changes a linear {@code timeMap}, markers {@code marker}s (red and green
 * as to-dos, orange as chapter markers), disabled clips {@code enabled="0"}.
 *
 * <p>What FCPXML cannot say: a disabled track (its clips are written disabled instead); generators
 * other than picture ones (sound generators become gaps).
 */
public final class FcpXmlWriter {
    public static final String VERSION = "1.10";

    private static final String DISSOLVE_UID = "FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265";
    private static final String WIPE_UID = "FxPlug:B3D1B2BF-4B38-4B27-B4E6-ED9AA1A8AD4E";
    private static final String AUDIO_CROSSFADE_UID = "FFAudioTransition";
    private static final String GENERATOR_UID =
            ".../Generators.localized/Solids.localized/Custom.localized/Custom.motn";
    /** FCP gives a gap a local start of one hour; any value works, this one looks familiar. */
    private static final Seconds GAP_START = Seconds.whole(3600);

    public String write(Timeline timeline) {
        FrameRate rate = timeline.rate();
        Metadata format = timeline.metadata().namespace("fcpxml").namespace("format");
        Resources resources = new Resources(dimension(format, "width", 1920), dimension(format, "height", 1080));
        String formatId = resources.format(rate);
        Seconds tcStart = Seconds.of(timeline.globalStart());
        boolean df = dropFrame(timeline);

        List<Track> tracks = timeline.tracks().tracks();
        Track primary = tracks.stream()
                .filter(t -> t.kind() == TrackKind.VIDEO)
                .findFirst()
                .orElse(null);
        Seconds duration = Seconds.ZERO;
        for (Track t : tracks) {
            duration = duration.max(length(t));
        }

        XmlElement spine = new XmlElement("spine");
        Storyline main = new Storyline(resources, rate, tcStart);
        if (primary != null) {
            main.write(primary, spine);
        }
        Anchor anchor = main.anchor();
        if (anchor == null) {
            XmlElement gap = spine.child("gap")
                    .attr("name", "Gap")
                    .attr("offset", t(tcStart, rate))
                    .attr("start", t(GAP_START, rate))
                    .attr("duration", t(duration.compareTo(Seconds.ZERO) > 0 ? duration : Seconds.of(1, rate), rate));
            anchor = new Anchor(gap, Seconds.ZERO, GAP_START);
        }
        int videoLane = 0;
        int audioLane = 0;
        for (Track track : tracks) {
            if (track == primary) {
                continue;
            }
            int lane = track.kind() == TrackKind.VIDEO ? ++videoLane : -(++audioLane);
            XmlElement storyline = new XmlElement("spine")
                    .attr("lane", lane)
                    .attr("offset", t(anchor.localStart().minus(anchor.position()), rate))
                    .attr("name", track.name().isBlank() ? null : track.name());
            new Storyline(resources, rate, Seconds.ZERO).write(track, storyline);
            anchor.element().add(storyline);
        }

        XmlElement root = new XmlElement("fcpxml").attr("version", VERSION);
        root.add(resources.element());
        String name = timeline.name().isBlank() ? "Conform" : timeline.name();
        XmlElement sequence = root.child("library")
                .child("event")
                .attr("name", name)
                .child("project")
                .attr("name", name)
                .child("sequence")
                .attr("format", formatId)
                .attr("duration", t(duration, rate))
                .attr("tcStart", t(tcStart, rate))
                .attr("tcFormat", df ? "DF" : "NDF")
                .attr("audioLayout", "stereo")
                .attr("audioRate", "48k");
        sequence.add(spine);
        return root.document("fcpxml");
    }

    /** Where secondary storylines hang: the spine's first item, its position and its local start. */
    record Anchor(XmlElement element, Seconds position, Seconds localStart) {}

    /** Writes one track's items end to end into a storyline element. */
    private static final class Storyline {
        private final Resources resources;
        private final FrameRate rate;
        private final Seconds origin;
        private Anchor anchor;

        /** {@code origin}: the storyline's local time at the track's position 0. */
        Storyline(Resources resources, FrameRate rate, Seconds origin) {
            this.resources = resources;
            this.rate = rate;
            this.origin = origin;
        }

        Anchor anchor() {
            return anchor;
        }

        void write(Track track, XmlElement into) {
            List<Item> items = track.items();
            Seconds cursor = Seconds.ZERO;
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                Seconds length = Seconds.of(item.duration());
                switch (item) {
                    case Transition t -> into.add(transition(t, cursor, track.kind()));
                    case Clip c -> {
                        Seconds head = i > 0 && items.get(i - 1) instanceof Transition t
                                ? Seconds.of(t.inOffsetFrames(), t.rate())
                                : Seconds.ZERO;
                        Seconds tail = i + 1 < items.size() && items.get(i + 1) instanceof Transition t
                                ? Seconds.of(t.outOffsetFrames(), t.rate())
                                : Seconds.ZERO;
                        XmlElement e = clip(c, track, cursor, head, tail);
                        into.add(e);
                        remember(
                                e,
                                cursor,
                                e.tag().equals("gap")
                                        ? GAP_START
                                        : Seconds.of(c.sourceRange().start()));
                    }
                    default -> {
                        if (length.compareTo(Seconds.ZERO) > 0) {
                            XmlElement gap = gap(cursor, length);
                            into.add(gap);
                            remember(gap, cursor, GAP_START);
                        }
                    }
                }
                cursor = cursor.plus(length);
            }
        }

        /** {@code frames} (an exact fraction) at {@code rate} as seconds. */
        private static Seconds seconds(Fraction frames, FrameRate rate) {
            return Seconds.of(
                    frames.numerator().multiply(BigInteger.valueOf(rate.denominator())),
                    frames.denominator().multiply(BigInteger.valueOf(rate.numerator())));
        }

        private String t(Seconds s) {
            return s.on(rate);
        }

        private void remember(XmlElement e, Seconds position, Seconds localStart) {
            if (anchor == null) {
                anchor = new Anchor(e, position, localStart);
            }
        }

        private XmlElement gap(Seconds position, Seconds length) {
            return new XmlElement("gap")
                    .attr("name", "Gap")
                    .attr("offset", t(origin.plus(position)))
                    .attr("start", t(GAP_START))
                    .attr("duration", t(length));
        }

        private XmlElement clip(Clip c, Track track, Seconds position, Seconds head, Seconds tail) {
            Seconds start = Seconds.of(c.sourceRange().start());
            Seconds length = Seconds.of(c.sourceRange().duration());
            boolean enabled = c.enabled() && track.enabled();
            if (c.activeReference() instanceof GeneratorReference g) {
                if (track.kind() == TrackKind.AUDIO) {
                    return gap(position, length);
                }
                String effect = resources.effect(g.kind(), GENERATOR_UID);
                return new XmlElement("video")
                        .attr("ref", effect)
                        .attr("name", c.name().isBlank() ? g.kind() : c.name())
                        .attr("offset", t(origin.plus(position)))
                        .attr("start", t(start))
                        .attr("duration", t(length))
                        .attr("enabled", enabled ? null : "0");
            }
            TimeScalar speed = c.timeScalar();
            Optional<SpeedRamp> ramp = c.speedRamp();
            Seconds media = speed.equals(TimeScalar.NORMAL) ? length : length.times(speed);
            Seconds used = media.compareTo(Seconds.ZERO) < 0 ? Seconds.ZERO.minus(media) : media;
            // a ramp may play frames before its start (reverse) or far past start + length
            Seconds first = ramp.isPresent() ? Seconds.of(c.mediaRange().start()) : start;
            Seconds last = ramp.isPresent() ? Seconds.of(c.mediaRange().endExclusive()) : start.plus(used);
            Resources.Asset asset = resources.asset(c, track.kind(), first.minus(head), last.plus(tail));
            XmlElement e = new XmlElement("asset-clip")
                    .attr("ref", asset.id)
                    .attr("name", c.name().isBlank() ? asset.name : c.name())
                    .attr("offset", t(origin.plus(position)))
                    .attr("start", t(start))
                    .attr("duration", t(length))
                    .attr("enabled", enabled ? null : "0")
                    .attr("srcEnable", track.kind() == TrackKind.VIDEO ? "video" : "audio")
                    .attr("tcFormat", clipDropFrame(c) ? "DF" : "NDF");
            if (ramp.isPresent()) {
                // the clip's local time is its media time at its first frame, as for a constant speed
                FrameRate r = c.sourceRange().rate();
                XmlElement map = e.child("timeMap");
                for (SpeedRamp.Keyframe k : ramp.get().keyframes()) {
                    map.child("timept")
                            .attr("time", t(start.plus(seconds(k.record(), r))))
                            .attr("value", t(start.plus(seconds(k.source(), r))))
                            .attr("interp", k.smooth() ? "smooth2" : "linear");
                }
            } else if (!speed.equals(TimeScalar.NORMAL)) {
                XmlElement map = e.child("timeMap");
                map.child("timept")
                        .attr("time", t(start))
                        .attr("value", t(start))
                        .attr("interp", "linear");
                map.child("timept")
                        .attr("time", t(start.plus(length)))
                        .attr("value", t(start.plus(media)))
                        .attr("interp", "linear");
            }
            if (track.kind() == TrackKind.AUDIO) {
                c.audioLevel()
                        .ifPresent(level ->
                                e.add(volume(level, start, c.sourceRange().rate())));
            }
            for (Marker m : c.markers()) {
                e.add(marker(m, start, speed));
            }
            return e;
        }

        /**
         * A sound level as {@code adjust-volume}: its amount, and its keyframes in the clip's local
         * time (its media time at its first frame, {@code start}), in dB to three decimals. Silence is
         * written as -96dB, FCP's floor.
         */
        private XmlElement volume(AudioLevel level, Seconds start, FrameRate rate) {
            XmlElement v = new XmlElement("adjust-volume").attr("amount", dB(level.gainDb()));
            if (!level.keyframes().isEmpty()) {
                XmlElement animation = v.child("param")
                        .attr("name", "amount")
                        .attr("value", dB(level.gainDb()))
                        .child("keyframeAnimation");
                for (AudioLevel.Keyframe k : level.keyframes()) {
                    animation
                            .child("keyframe")
                            .attr("time", t(start.plus(seconds(k.record(), rate))))
                            .attr("value", dB(k.db()));
                }
            }
            return v;
        }

        private static String dB(double db) {
            return db == Double.NEGATIVE_INFINITY
                    ? "-96dB"
                    : java.math.BigDecimal.valueOf(db)
                                    .setScale(3, java.math.RoundingMode.HALF_EVEN)
                                    .stripTrailingZeros()
                                    .toPlainString()
                            + "dB";
        }

        private XmlElement transition(Transition t, Seconds cut, TrackKind kind) {
            Seconds in = Seconds.of(t.inOffsetFrames(), t.rate());
            Seconds out = Seconds.of(t.outOffsetFrames(), t.rate());
            String name =
                    switch (t.kind()) {
                        case DISSOLVE -> t.name().contains("Dissolve") ? t.name() : "Cross Dissolve";
                        case WIPE -> t.name().contains("Wipe") ? t.name() : "Wipe";
                        case OTHER ->
                            t.kindName() != null ? t.kindName() : t.name().isBlank() ? "Transition" : t.name();
                    };
            XmlElement e = new XmlElement("transition")
                    .attr("name", name)
                    .attr("offset", t(origin.plus(cut).minus(in)))
                    .attr("duration", t(in.plus(out)));
            if (kind == TrackKind.VIDEO) {
                // the effect is FCP's own; the transition keeps the edit's name
                String effect = t.kind() == TransitionKind.WIPE ? "Wipe" : "Cross Dissolve";
                String uid = t.kind() == TransitionKind.WIPE ? WIPE_UID : DISSOLVE_UID;
                e.child("filter-video")
                        .attr("ref", resources.effect(effect, uid))
                        .attr("name", effect);
            } else {
                e.child("filter-audio")
                        .attr("ref", resources.effect("Audio Crossfade", AUDIO_CROSSFADE_UID))
                        .attr("name", "Audio Crossfade");
            }
            return e;
        }

        /** A marker at its media time, in the clip's local time (the same unless the clip is retimed). */
        private XmlElement marker(Marker m, Seconds clipStart, TimeScalar speed) {
            Seconds at = Seconds.of(m.markedRange().start());
            if (!speed.equals(TimeScalar.NORMAL) && !speed.isFreeze()) {
                at = clipStart.plus(at.minus(clipStart).dividedBy(speed));
            }
            XmlElement e = new XmlElement(m.color() == MarkerColor.ORANGE ? "chapter-marker" : "marker")
                    .attr("start", t(at))
                    .attr(
                            "duration",
                            t(Seconds.of(
                                    m.markedRange().durationFrames(),
                                    m.markedRange().rate())))
                    .attr("value", m.name());
            if (m.color() == MarkerColor.RED) {
                e.attr("completed", "0");
            } else if (m.color() == MarkerColor.GREEN) {
                e.attr("completed", "1");
            }
            if (!m.comment().isEmpty()) {
                e.attr("note", m.comment());
            }
            return e;
        }

        private boolean clipDropFrame(Clip c) {
            return rate.supportsDropFrame()
                    && c.metadata()
                            .namespace(Edit.NAMESPACE)
                            .get("drop_frame")
                            .map(Boolean.TRUE::equals)
                            .orElse(false);
        }
    }

    private static String t(Seconds s, FrameRate rate) {
        return s.on(rate);
    }

    private static Seconds length(Track t) {
        Seconds total = Seconds.ZERO;
        for (Item i : t.items()) {
            total = total.plus(Seconds.of(i.duration()));
        }
        return total;
    }

    private static int dimension(Metadata format, String key, int fallback) {
        return format.get(key)
                .map(v -> v instanceof Number n ? n.intValue() : fallback)
                .orElse(fallback);
    }

    private static boolean dropFrame(Timeline t) {
        if (!t.rate().supportsDropFrame()) {
            return false;
        }
        List<Object> said = new ArrayList<>();
        t.metadata().namespace(Edit.NAMESPACE).get("drop_frame").ifPresent(said::add);
        t.metadata().namespace("fcpxml").get("drop_frame").ifPresent(said::add);
        t.tracks().tracks().stream()
                .flatMap(Track::clips)
                .findFirst()
                .flatMap(c -> c.metadata().namespace(Edit.NAMESPACE).get("drop_frame"))
                .ifPresent(said::add);
        return !said.isEmpty() && Boolean.TRUE.equals(said.get(0));
    }
}
