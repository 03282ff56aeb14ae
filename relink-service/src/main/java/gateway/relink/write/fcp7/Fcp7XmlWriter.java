package gateway.relink.write.fcp7;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.model.timeline.UnknownEffect;
import gateway.relink.read.Edit;
import gateway.relink.write.xml.XmlElement;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a timeline as Final Cut Pro 7 XML ({@code xmeml} version 5), as Premiere Pro, Resolve and
 * Avid import it: one {@code sequence} with its rate ({@code timebase} + {@code ntsc}), its timecode
 * (with {@code displayformat}) and its video then audio tracks. Clips become {@code clipitem}s that
 * refer to {@code file}s by id (each file written in full once: name, {@code pathurl}, rate,
 * timecode, reel); generators become {@code generatoritem}s; transitions {@code transitionitem}s
 * whose neighbours meet them with a start or end of -1 and whose in/out cover the overlap, as FCP
 * writes them; speed changes and freezes a Time Remap filter, speed ramps a variable-speed Time
 * Remap with its keyframes (as the FCP 7 reader reads them back); clip markers {@code marker}s (and
 * the sequence markers an FCP 7 reading kept in the timeline's metadata);
 * disabled tracks and clips {@code enabled FALSE}. Gaps are the space between items.
 *
 * <p>What xmeml cannot say: an asymmetric transition whose cut is neither at its start, its end nor
 * its middle is written centred (the clips keep their ranges); effects other than time remaps are
 * written by name only; a nested sequence is written as a clip of a file named after it.
 */
public final class Fcp7XmlWriter {
    private static final MathContext SPEED = new MathContext(12);

    /** One item and where it sits: record frames at the sequence rate, overlaps under transitions. */
    private record Placed(Item item, long start, long end, long head, long tail, MediaFiles.Entry file) {}

    public String write(Timeline timeline) {
        FrameRate rate = timeline.rate();
        requireXmemlRate(rate, "timeline '" + timeline.name() + "'");
        MediaFiles files = new MediaFiles();
        List<Track> tracks = timeline.tracks().tracks();
        List<List<Placed>> placed = new ArrayList<>();
        for (Track t : tracks) {
            placed.add(place(t, rate, files));
        }
        long duration = 0;
        for (List<Placed> items : placed) {
            for (Placed p : items) {
                duration = Math.max(duration, p.end());
            }
        }
        XmlElement xmeml = new XmlElement("xmeml").attr("version", "5");
        XmlElement seq = xmeml.child("sequence").attr("id", "sequence-1");
        seq.leaf("name", timeline.name());
        seq.leaf("duration", duration);
        rate(seq, rate);
        boolean df = sequenceDropFrame(timeline);
        XmlElement tc = seq.child("timecode");
        rate(tc, rate);
        long start = timeline.globalStart().value();
        tc.leaf("string", Timecode.fromFrames(Math.max(0, start), rate, df).toString());
        tc.leaf("frame", start);
        tc.leaf("displayformat", df ? "DF" : "NDF");
        XmlElement media = seq.child("media");
        XmlElement video = media.child("video");
        XmlElement audio = media.child("audio");
        int clipIds = 0;
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            XmlElement track = (t.kind() == TrackKind.VIDEO ? video : audio).child("track");
            for (Placed p : placed.get(i)) {
                switch (p.item()) {
                    case Clip c -> track.add(clipItem(c, p, t.kind(), rate, files, "clipitem-" + (++clipIds)));
                    case Transition tr -> track.add(transition(tr, p, t.kind(), rate));
                    default -> {}
                }
            }
            track.leaf("enabled", t.enabled() ? "TRUE" : "FALSE");
            track.leaf("locked", "FALSE");
        }
        sequenceMarkers(seq, timeline, rate);
        return xmeml.document("xmeml");
    }

    /** The sequence's own markers, which an FCP 7 reading keeps in the timeline's metadata. */
    private static void sequenceMarkers(XmlElement seq, Timeline timeline, FrameRate rate) {
        Object kept = timeline.metadata().namespace("fcp7_xml").get("markers").orElse(null);
        if (!(kept instanceof List<?> markers)) {
            return;
        }
        for (Object o : markers) {
            if (!(o instanceof java.util.Map<?, ?> m)
                    || !(m.get("start_frame") instanceof Long start)
                    || !rate.toString().equals(m.get("rate"))) {
                continue;
            }
            long length = m.get("duration_frames") instanceof Long d ? d : 0;
            XmlElement marker = seq.child("marker");
            marker.leaf("name", m.get("name") == null ? "" : m.get("name"));
            marker.leaf("comment", m.get("comment") == null ? "" : m.get("comment"));
            marker.leaf("in", start);
            marker.leaf("out", length > 0 ? start + length : -1);
            color(
                    marker.child("color"),
                    MarkerColor.find(String.valueOf(m.get("color"))).orElse(MarkerColor.RED));
        }
    }

    /** Lays the track's items end to end at the sequence rate and records the media each clip uses. */
    private static List<Placed> place(Track track, FrameRate rate, MediaFiles files) {
        List<Item> items = track.items();
        List<Placed> out = new ArrayList<>(items.size());
        long cursor = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            long length =
                    Frames.convert(item.duration().value(), item.duration().rate(), rate);
            long head = i > 0 && items.get(i - 1) instanceof Transition t
                    ? Frames.convert(t.inOffsetFrames(), t.rate(), rate)
                    : 0;
            long tail = i + 1 < items.size() && items.get(i + 1) instanceof Transition t
                    ? Frames.convert(t.outOffsetFrames(), t.rate(), rate)
                    : 0;
            MediaFiles.Entry file = null;
            if (item instanceof Clip c) {
                requireXmemlRate(c.sourceRange().rate(), "clip '" + c.name() + "'");
                FrameRate src = c.sourceRange().rate();
                long first = c.sourceRange().start().value() - Frames.convert(head, rate, src);
                long end = c.sourceRange().start().value()
                        + c.mediaRange().durationFrames()
                        + Frames.convert(tail, rate, src);
                file = files.use(c, track.kind(), first, end);
            }
            if (item instanceof Transition t) {
                out.add(new Placed(
                        t,
                        cursor - Frames.convert(t.inOffsetFrames(), t.rate(), rate),
                        cursor + Frames.convert(t.outOffsetFrames(), t.rate(), rate),
                        0,
                        0,
                        null));
            } else {
                out.add(new Placed(item, cursor, cursor + length, head, tail, file));
            }
            cursor += length;
        }
        return out;
    }

    private static XmlElement clipItem(Clip c, Placed p, TrackKind kind, FrameRate rate, MediaFiles files, String id) {
        boolean generator = c.activeReference() instanceof GeneratorReference;
        XmlElement e = new XmlElement(generator ? "generatoritem" : "clipitem").attr("id", id);
        e.leaf("name", c.name());
        e.leaf("enabled", c.enabled() ? "TRUE" : "FALSE");
        FrameRate src = c.sourceRange().rate();
        long origin = p.file() == null ? 0 : p.file().origin();
        long fileDuration = p.file() == null
                ? Frames.convert(c.mediaRange().durationFrames(), src, rate) + p.head() + p.tail()
                : Frames.convert(p.file().duration(), src, rate);
        e.leaf("duration", fileDuration);
        rate(e, rate);
        long in = Frames.convert(c.sourceRange().start().value() - origin, src, rate) - p.head();
        // a ramp's in and out count frames of the retimed clip (as its keyframes' 'when' do): out - in is its length
        long played = c.speedRamp().isPresent()
                ? Frames.convert(c.sourceRange().durationFrames(), src, rate)
                : Frames.convert(c.mediaRange().durationFrames(), src, rate);
        long out = in + p.head() + played + p.tail();
        e.leaf("start", p.head() > 0 ? -1 : p.start());
        e.leaf("end", p.tail() > 0 ? -1 : p.end());
        e.leaf("in", in);
        e.leaf("out", out);
        if (generator) {
            String kindName = ((GeneratorReference) c.activeReference()).kind();
            XmlElement effect = e.child("effect");
            effect.leaf("name", kindName);
            effect.leaf("effectid", kindName);
            effect.leaf("effectcategory", "Matte");
            effect.leaf("effecttype", "generator");
            effect.leaf("mediatype", kind == TrackKind.VIDEO ? "video" : "audio");
        } else {
            e.add(files.element(p.file()));
            XmlElement sourceTrack = e.child("sourcetrack");
            sourceTrack.leaf("mediatype", kind == TrackKind.VIDEO ? "video" : "audio");
            sourceTrack.leaf("trackindex", 1);
        }
        for (Effect fx : c.effects()) {
            e.add(
                    switch (fx) {
                        case SpeedRamp r -> rampFilter(r, c, origin, rate);
                        case AudioLevel l -> levelFilter(l, c, origin, rate);
                        default -> filter(fx, kind);
                    });
        }
        for (Marker m : c.markers()) {
            XmlElement marker = e.child("marker");
            marker.leaf("name", m.name());
            marker.leaf("comment", m.comment());
            long at = Frames.convert(
                    m.markedRange().start().value() - origin, m.markedRange().rate(), rate);
            marker.leaf("in", at);
            long length = Frames.convert(
                    m.markedRange().durationFrames(), m.markedRange().rate(), rate);
            marker.leaf("out", length > 0 ? at + length : -1);
            color(marker.child("color"), m.color());
        }
        return e;
    }

    private static XmlElement transition(Transition t, Placed p, TrackKind kind, FrameRate rate) {
        XmlElement e = new XmlElement("transitionitem");
        e.leaf("start", p.start());
        e.leaf("end", p.end());
        long in = Frames.convert(t.inOffsetFrames(), t.rate(), rate);
        long out = Frames.convert(t.outOffsetFrames(), t.rate(), rate);
        e.leaf("alignment", in == 0 ? "start" : out == 0 ? "end" : "center");
        rate(e, rate);
        XmlElement effect = e.child("effect");
        String name = t.name().isBlank() ? null : t.name();
        switch (t.kind()) {
            case DISSOLVE -> {
                effect.leaf("name", name != null ? name : "Cross Dissolve");
                effect.leaf("effectid", "Cross Dissolve");
                effect.leaf("effectcategory", "Dissolve");
            }
            case WIPE -> {
                String wipe = t.kindName() != null ? t.kindName() : name != null ? name : "Wipe";
                effect.leaf("name", wipe);
                effect.leaf("effectid", "Wipe");
                effect.leaf("effectcategory", "Wipe");
            }
            case OTHER -> {
                String other = t.kindName() != null ? t.kindName() : name != null ? name : "Transition";
                effect.leaf("name", other);
                effect.leaf("effectid", other);
                effect.leaf("effectcategory", "Transition");
            }
        }
        effect.leaf("effecttype", "transition");
        effect.leaf("mediatype", kind == TrackKind.VIDEO ? "video" : "audio");
        if (t.kind() == TransitionKind.DISSOLVE) {
            effect.leaf("wipecode", 0);
        }
        return e;
    }

    private static XmlElement filter(Effect fx, TrackKind kind) {
        XmlElement filter = new XmlElement("filter");
        XmlElement effect = filter.child("effect");
        TimeScalar speed =
                switch (fx) {
                    case LinearTimeWarp w -> w.scalar();
                    case FreezeFrame f -> TimeScalar.of(0, 1);
                    case UnknownEffect u -> null;
                    case SpeedRamp r -> throw new IllegalArgumentException("a ramp is written by rampFilter");
                    case AudioLevel l -> throw new IllegalArgumentException("a level is written by levelFilter");
                };
        if (speed == null) {
            effect.leaf("name", ((UnknownEffect) fx).name());
            effect.leaf("effecttype", "filter");
            effect.leaf("mediatype", kind == TrackKind.VIDEO ? "video" : "audio");
            return filter;
        }
        effect.leaf("name", "Time Remap");
        effect.leaf("effectid", "timeremap");
        effect.leaf("effectcategory", "motion");
        effect.leaf("effecttype", "motion");
        effect.leaf("mediatype", "video");
        parameter(effect, "variablespeed", "0");
        BigDecimal percent = TimeScalar.of(Math.abs(speed.numerator()), speed.denominator())
                .toBigDecimal(SPEED)
                .movePointRight(2)
                .stripTrailingZeros();
        parameter(effect, "speed", percent.toPlainString());
        parameter(effect, "reverse", speed.isReverse() ? "TRUE" : "FALSE");
        parameter(effect, "frameblending", "FALSE");
        return filter;
    }

    /**
     * A ramp as a variable-speed Time Remap: its keyframes as {@code graphdict} keyframes, {@code
     * when} a frame of the retimed clip and {@code value} a frame of the media, both counted from the
     * media's first frame ({@code origin}) as the clip's {@code in} is, which is where the FCP 7
     * reader places them back (a smooth keyframe is marked {@code smooth}, the curve itself is not
     * known). {@code speed} carries the average speed over the clip, for a reader that ignores the
     * keyframes.
     */
    private static XmlElement rampFilter(SpeedRamp ramp, Clip c, long origin, FrameRate rate) {
        FrameRate src = c.sourceRange().rate();
        Fraction base = Fraction.of(c.sourceRange().start().value() - origin);
        XmlElement filter = new XmlElement("filter");
        XmlElement effect = filter.child("effect");
        effect.leaf("name", "Time Remap");
        effect.leaf("effectid", "timeremap");
        effect.leaf("effectcategory", "motion");
        effect.leaf("effecttype", "motion");
        effect.leaf("mediatype", "video");
        parameter(effect, "variablespeed", "1");
        long frames = c.sourceRange().durationFrames();
        Fraction average = frames == 0
                ? Fraction.ZERO
                : ramp.positionAt(Fraction.of(frames))
                        .minus(ramp.positionAt(Fraction.ZERO))
                        .dividedBy(Fraction.of(frames));
        parameter(
                effect,
                "speed",
                decimal(average.times(Fraction.of(100)))
                        .abs()
                        .stripTrailingZeros()
                        .toPlainString());
        parameter(effect, "reverse", "FALSE"); // the keyframes' values already run backwards
        parameter(effect, "frameblending", "FALSE");
        XmlElement graph = effect.child("parameter");
        graph.leaf("parameterid", "graphdict");
        graph.leaf("name", "graphdict");
        for (SpeedRamp.Keyframe k : ramp.keyframes()) {
            XmlElement key = graph.child("keyframe");
            key.leaf(
                    "when",
                    decimal(inSequenceFrames(k.record().plus(base), src, rate)).toPlainString());
            key.leaf(
                    "value",
                    decimal(inSequenceFrames(k.source().plus(base), src, rate)).toPlainString());
            if (k.smooth()) {
                key.leaf("smooth", "TRUE");
            }
        }
        return filter;
    }

    /**
     * A sound level as Audio Levels ({@code effectid audiolevels}): its {@code level} parameter is a
     * gain factor (1 is 0 dB); keyframes at {@code when}, counted from the media's first frame
     * ({@code origin}) as the clip's {@code in} is, which is where the FCP 7 reader places them back.
     */
    private static XmlElement levelFilter(AudioLevel level, Clip c, long origin, FrameRate rate) {
        FrameRate src = c.sourceRange().rate();
        Fraction base = Fraction.of(c.sourceRange().start().value() - origin);
        XmlElement filter = new XmlElement("filter");
        XmlElement effect = filter.child("effect");
        effect.leaf("name", "Audio Levels");
        effect.leaf("effectid", "audiolevels");
        effect.leaf("effectcategory", "audiolevels");
        effect.leaf("effecttype", "audiolevels");
        effect.leaf("mediatype", "audio");
        XmlElement p = effect.child("parameter");
        p.leaf("parameterid", "level");
        p.leaf("name", "Level");
        p.leaf("valuemin", "0");
        p.leaf("valuemax", "3.98109");
        p.leaf("value", factor(level.gainDb()));
        for (AudioLevel.Keyframe k : level.keyframes()) {
            XmlElement key = p.child("keyframe");
            key.leaf(
                    "when",
                    decimal(inSequenceFrames(k.record().plus(base), src, rate)).toPlainString());
            key.leaf("value", factor(k.db()));
        }
        return filter;
    }

    /** A level in dB as FCP 7's gain factor, to six decimals as FCP 7 writes it (0.501187 is -6 dB). */
    private static String factor(double db) {
        BigDecimal f = BigDecimal.valueOf(AudioLevel.factorOf(db))
                .setScale(6, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        return f.signum() == 0 ? "0" : f.toPlainString();
    }

    private static Fraction inSequenceFrames(Fraction frames, FrameRate src, FrameRate rate) {
        return src.timecodeBase() == rate.timecodeBase() ? frames : Fraction.rescaled(frames, src, rate);
    }

    /** A fraction as a decimal: exact when it has one, else to 6 places (a keyframe between frames). */
    private static BigDecimal decimal(Fraction f) {
        BigDecimal n = new BigDecimal(f.numerator());
        BigDecimal d = new BigDecimal(f.denominator());
        try {
            return n.divide(d);
        } catch (ArithmeticException inexact) {
            return n.divide(d, 6, RoundingMode.HALF_EVEN);
        }
    }

    private static void parameter(XmlElement effect, String id, String value) {
        XmlElement p = effect.child("parameter");
        p.leaf("parameterid", id);
        p.leaf("name", id);
        p.leaf("value", value);
    }

    private static void color(XmlElement c, MarkerColor color) {
        int[] rgb =
                switch (color) {
                    case PINK -> new int[] {255, 192, 203};
                    case RED -> new int[] {255, 0, 0};
                    case ORANGE -> new int[] {255, 128, 0};
                    case YELLOW -> new int[] {255, 255, 0};
                    case GREEN -> new int[] {0, 255, 0};
                    case CYAN -> new int[] {0, 255, 255};
                    case BLUE -> new int[] {0, 0, 255};
                    case PURPLE -> new int[] {128, 0, 128};
                    case MAGENTA -> new int[] {255, 0, 255};
                    case BLACK -> new int[] {0, 0, 0};
                    case WHITE -> new int[] {255, 255, 255};
                };
        c.leaf("alpha", 0);
        c.leaf("red", rgb[0]);
        c.leaf("green", rgb[1]);
        c.leaf("blue", rgb[2]);
    }

    /** {@code <rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate>} for 24000/1001. */
    static void rate(XmlElement parent, FrameRate rate) {
        XmlElement r = parent.child("rate");
        r.leaf("timebase", rate.timecodeBase());
        r.leaf("ntsc", rate.isNtsc() ? "TRUE" : "FALSE");
    }

    private static void requireXmemlRate(FrameRate rate, String what) {
        if (rate.denominator() != 1 && !rate.isNtsc()) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    what + " runs at " + rate
                            + " fps; FCP 7 XML holds whole rates and their NTSC (x1000/1001) forms only");
        }
    }

    private static boolean sequenceDropFrame(Timeline t) {
        if (!t.rate().supportsDropFrame()) {
            return false;
        }
        Object df = t.metadata().namespace(Edit.NAMESPACE).get("drop_frame").orElse(null);
        if (df == null) {
            df = t.metadata().namespace("fcpxml").get("drop_frame").orElse(null);
        }
        if (df == null) {
            df = t.tracks().tracks().stream()
                    .flatMap(Track::clips)
                    .findFirst()
                    .flatMap(c -> c.metadata().namespace(Edit.NAMESPACE).get("drop_frame"))
                    .orElse(false);
        }
        return Boolean.TRUE.equals(df);
    }
}
