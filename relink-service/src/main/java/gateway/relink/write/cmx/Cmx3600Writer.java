package gateway.relink.write.cmx;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes one track of a timeline as a CMX 3600 list: cuts, dissolves and wipes as two-line events,
 * {@code M2} lines for speed changes and freezes, {@code * LOC} markers, and the names a finishing
 * system relinks by: the reel (truncated to {@link Options#reelLength()} characters, 0 = no limit),
 * {@code * FROM CLIP NAME:}, {@code * FROM CLIP:} (path) and {@code * SOURCE FILE:}.
 */
public final class Cmx3600Writer {

    /** {@code track}: the name of the track to write, or null for the first enabled video track. */
    public record Options(int reelLength, String track) {
        public static Options defaults() {
            return new Options(8, null);
        }
    }

    /**
     * As {@link #write(Timeline, Options, Consumer)}; what the list cannot hold (a flattened speed
     * ramp) is only in the list's comments.
     */
    public String write(Timeline timeline, Options options) {
        return write(timeline, options, finding -> {});
    }

    /**
     * Writes {@code timeline}'s track as a CMX 3600 list; {@code findings} is told, one line each,
     * what the list cannot hold as the timeline has it. A speed ramp is one: CMX 3600 has one speed
     * per event, so a ramped clip is written with its whole media range as source in and out (what a
     * conform must bring back), an {@code M2} of the ramp's average speed from its first frame, and
     * comments {@code * SPEED RAMP FLATTENED ...} naming each keyframe (record offset and source
     * timecode) so that the online editor can rebuild it.
     */
    public String write(Timeline timeline, Options options, Consumer<String> findings) {
        Track track = pick(timeline, options.track());
        FrameRate rate = timeline.rate();
        StringBuilder out = new StringBuilder();
        out.append("TITLE: ").append(timeline.name()).append('\n');
        Boolean currentDf = null;
        int event = 0;
        List<Item> items = track.items();
        long start = timeline.globalStart().value();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item instanceof Clip c) {
                requireRate(c, rate);
                boolean beforeTransition = i + 1 < items.size() && items.get(i + 1) instanceof Transition;
                boolean afterTransition = i > 0 && items.get(i - 1) instanceof Transition;
                if (afterTransition || (beforeTransition && c.sourceRange().isEmpty())) {
                    continue; // written as part of the transition's event
                }
                boolean df = dropFrame(c, rate);
                currentDf = fcm(out, currentDf, df);
                event++;
                TimeRange record = track.rangeOf(i, RoundingMode.UNNECESSARY).shiftedBy(start);
                line(out, event, reel(c, options), channel(track), "C", c, sourceIn(c), sourceOut(c), record, df);
                notes(out, c, null, record, df);
                ramp(out, event, c, record, df, findings);
            } else if (item instanceof Transition t) {
                Clip from = i > 0 && items.get(i - 1) instanceof Clip c ? c : null;
                Clip to = i + 1 < items.size() && items.get(i + 1) instanceof Clip c ? c : null;
                if (to == null) {
                    throw new GatewayException(
                            Reason.UNSUPPORTED,
                            "transition '" + t.name() + "' on track " + track.name()
                                    + " has no clip after it; a CMX list cannot end on a transition");
                }
                requireRate(to, rate);
                boolean df = dropFrame(to, rate);
                currentDf = fcm(out, currentDf, df);
                event++;
                TimeRange toRecord =
                        track.rangeOf(i + 1, RoundingMode.UNNECESSARY).shiftedBy(start);
                long cut = toRecord.start().value() - t.inOffsetFrames();
                TimeRange fromRecord = TimeRange.of(cut, 0, rate);
                String fromReel = from == null ? "BL" : reel(from, options);
                long fromSource =
                        from == null ? 0 : from.sourceRange().endExclusive().value() - t.inOffsetFrames();
                if (from != null && from.sourceRange().isEmpty()) {
                    fromSource = from.sourceRange().start().value();
                }
                line(out, event, fromReel, channel(track), "C", null, fromSource, fromSource, fromRecord, df);
                String type = t.kind() == TransitionKind.DISSOLVE
                        ? "D"
                        : t.kind() == TransitionKind.WIPE ? (t.kindName() != null ? t.kindName() : "W001") : "D";
                String typeField = String.format("%-4s %03d", type, t.lengthFrames());
                TimeRange record = TimeRange.of(cut, toRecord.durationFrames() + t.inOffsetFrames(), rate);
                long sourceIn = sourceIn(to) - t.inOffsetFrames();
                long sourceOut = sourceOut(to);
                line(out, event, reel(to, options), channel(track), typeField, to, sourceIn, sourceOut, record, df);
                notes(out, to, from, record, df);
                ramp(out, event, to, record, df, findings);
            }
        }
        return out.toString();
    }

    private static Track pick(Timeline timeline, String name) {
        List<Track> tracks = timeline.tracks().tracks();
        return tracks.stream()
                .filter(t -> name != null ? t.name().equals(name) : t.enabled() && t.kind() == TrackKind.VIDEO)
                .findFirst()
                .or(() ->
                        name == null ? tracks.stream().filter(Track::enabled).findFirst() : java.util.Optional.empty())
                .orElseThrow(() -> GatewayException.invalid("timeline '" + timeline.name() + "' has no "
                        + (name != null ? "track named " + name : "enabled track") + " to write as a CMX list"));
    }

    private static void requireRate(Clip c, FrameRate rate) {
        if (!c.sourceRange().rate().equals(rate)) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "clip '" + c.name() + "' runs at " + c.sourceRange().rate().toFpsString() + " in a "
                            + rate.toFpsString() + " timeline; a CMX list has one rate");
        }
    }

    private static boolean dropFrame(Clip c, FrameRate rate) {
        return rate.supportsDropFrame()
                && c.metadata()
                        .namespace("edit")
                        .get("drop_frame")
                        .map(Boolean.TRUE::equals)
                        .orElse(false);
    }

    private static Boolean fcm(StringBuilder out, Boolean current, boolean df) {
        if (current == null || current != df) {
            out.append(df ? "FCM: DROP FRAME\n" : "FCM: NON-DROP FRAME\n");
        }
        return df;
    }

    /** The first source frame of the event: a ramp's lowest media frame (its range holds every frame shown). */
    private static long sourceIn(Clip c) {
        return c.speedRamp().isPresent()
                ? c.mediaRange().start().value()
                : c.sourceRange().start().value();
    }

    private static long sourceOut(Clip c) {
        return sourceIn(c) + c.mediaRange().durationFrames();
    }

    /** A ramp's average speed in frames per second (net source frames over record frames), to 0.1. */
    private static BigDecimal averageFps(SpeedRamp ramp, long frames, FrameRate rate) {
        Fraction average = frames == 0
                ? Fraction.ZERO
                : ramp.positionAt(Fraction.of(frames))
                        .minus(ramp.positionAt(Fraction.ZERO))
                        .dividedBy(Fraction.of(frames));
        return new BigDecimal(average.numerator())
                .multiply(BigDecimal.valueOf(rate.timecodeBase()))
                .divide(new BigDecimal(average.denominator()), 1, RoundingMode.HALF_EVEN);
    }

    /** The M2 speed field: {@code 050.0}, {@code -25.0}. */
    private static String m2Speed(BigDecimal fps) {
        return fps.signum() < 0
                ? fps.setScale(1).toPlainString()
                : String.format(Locale.ROOT, "%05.1f", fps.setScale(1));
    }

    /**
     * The comment and the finding of a flattened ramp (its {@code M2} line is written with the
     * event's line): the keyframes, record offset to source timecode.
     */
    private static void ramp(
            StringBuilder out, int event, Clip c, TimeRange record, boolean df, Consumer<String> findings) {
        Optional<SpeedRamp> found = c.speedRamp();
        if (found.isEmpty()) {
            return;
        }
        SpeedRamp ramp = found.get();
        FrameRate rate = record.rate();
        long frames = c.sourceRange().durationFrames();
        long sourceStart = c.sourceRange().start().value();
        BigDecimal fps = averageFps(ramp, frames, rate);
        // one keyframe a line: CMX comment lines stay short (some systems cut them at 80 characters)
        out.append("* SPEED RAMP FLATTENED TO M2 ")
                .append(fps.toPlainString())
                .append(" FPS (AVERAGE), ")
                .append(ramp.keyframes().size())
                .append(" KEYFRAMES (RECORD FRAME > SOURCE TC):")
                .append('\n');
        for (SpeedRamp.Keyframe k : ramp.keyframes()) {
            out.append("* RAMP KEY ")
                    .append(k.record().signum() < 0 ? "" : "+")
                    .append(k.record())
                    .append(" > ")
                    .append(tc(sourceStart + k.source().floor(), rate, df));
            if (!k.source().isWhole()) {
                out.append(" +").append(k.source().minus(Fraction.of(k.source().floor())));
            }
            out.append('\n');
        }
        findings.accept(String.format(
                Locale.ROOT,
                "event %03d (clip '%s', record %s): a speed ramp of %d keyframes cannot be said in CMX 3600; written"
                        + " as M2 %s fps, its average speed, with the media it uses as source in/out and the"
                        + " keyframes in a comment: a system that reads the list plays it at one speed",
                event,
                c.name(),
                tc(record.start().value(), rate, df),
                ramp.keyframes().size(),
                fps.toPlainString()));
    }

    private static void line(
            StringBuilder out,
            int event,
            String reel,
            String channel,
            String type,
            Clip clip,
            long sourceIn,
            long sourceOut,
            TimeRange record,
            boolean df) {
        FrameRate rate = record.rate();
        out.append(String.format(
                        Locale.ROOT,
                        event > 999 ? "%06d  %-8s %-5s %-8s %s %s %s %s" : "%03d  %-8s %-5s %-8s %s %s %s %s",
                        event,
                        reel,
                        channel,
                        type,
                        tc(sourceIn, rate, df),
                        tc(sourceOut, rate, df),
                        tc(record.start().value(), rate, df),
                        tc(record.endExclusive().value(), rate, df)))
                .append('\n');
        if (clip != null && clip.speedRamp().isPresent()) {
            SpeedRamp ramp = clip.speedRamp().get();
            BigDecimal fps = averageFps(ramp, clip.sourceRange().durationFrames(), rate);
            long first = clip.sourceRange().start().value() + ramp.sourceOffsetAt(0);
            out.append(String.format(
                            Locale.ROOT,
                            "M2   %-8s       %-5s                %s",
                            reel,
                            m2Speed(fps),
                            tc(first, rate, df)))
                    .append('\n');
        } else if (clip != null) {
            TimeScalar s = clip.timeScalar();
            if (!s.equals(TimeScalar.NORMAL)) {
                BigDecimal fps = s.isFreeze()
                        ? BigDecimal.ZERO
                        : new BigDecimal(s.numerator() * rate.timecodeBase())
                                .divide(BigDecimal.valueOf(s.denominator()), 1, RoundingMode.HALF_EVEN);
                String speed = fps.signum() < 0
                        ? fps.setScale(1).toPlainString()
                        : String.format(Locale.ROOT, "%05.1f", fps.setScale(1));
                boolean freeze = clip.effects().stream().anyMatch(FreezeFrame.class::isInstance);
                out.append(String.format(
                                Locale.ROOT,
                                "M2   %-8s       %-5s                %s",
                                reel,
                                freeze ? "000.0" : speed,
                                tc(sourceIn, rate, df)))
                        .append('\n');
            }
        }
    }

    private static void notes(StringBuilder out, Clip c, Clip from, TimeRange record, boolean df) {
        if (from != null) {
            out.append("* FROM CLIP NAME:  ").append(from.name()).append('\n');
            out.append("* TO CLIP NAME:  ").append(c.name()).append('\n');
        } else {
            out.append("* FROM CLIP NAME:  ").append(c.name()).append('\n');
        }
        MediaReference ref = c.activeReference();
        String path = null;
        String sourceFile = null;
        if (ref instanceof ExternalReference e) {
            path = e.target();
            sourceFile = e.fileName();
        } else if (ref instanceof MissingReference m) {
            path = m.path();
            sourceFile = m.sourceFile();
        }
        if (path != null) {
            out.append(from != null ? "* TO CLIP: " : "* FROM CLIP: ")
                    .append(path)
                    .append('\n');
        }
        if (sourceFile != null) {
            out.append("* SOURCE FILE: ").append(sourceFile).append('\n');
        }
        Metadata cmx = c.metadata().namespace("cmx_3600");
        Metadata sop = cmx.namespace("asc_sop");
        if (!sop.isEmpty()) {
            out.append("* ASC_SOP ")
                    .append(triple(sop.get("slope").orElse(List.of())))
                    .append(triple(sop.get("offset").orElse(List.of())))
                    .append(triple(sop.get("power").orElse(List.of())))
                    .append('\n');
        }
        cmx.get("asc_sat").ifPresent(sat -> out.append("* ASC_SAT ").append(sat).append('\n'));
        for (Marker m : c.markers()) {
            long at = record.start().value()
                    + (m.markedRange().start().value() - c.sourceRange().start().value());
            out.append("* LOC: ")
                    .append(tc(at, record.rate(), df))
                    .append(' ')
                    .append(String.format("%-7s", m.color().name()))
                    .append(' ')
                    .append(m.name())
                    .append('\n');
        }
    }

    private static String triple(Object values) {
        if (values instanceof List<?> l) {
            return "(" + String.join(" ", l.stream().map(Object::toString).toList()) + ")";
        }
        return "()";
    }

    private static String reel(Clip c, Options options) {
        MediaReference ref = c.activeReference();
        String reel = c.metadata().namespace("cmx_3600").string("reel").orElse(null);
        if (ref instanceof MissingReference m && m.reel() != null) {
            reel = m.reel();
        } else if (ref instanceof GeneratorReference) {
            reel = "BL";
        } else if (reel == null && ref instanceof ExternalReference e) {
            String file = e.fileName();
            reel = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        }
        if (reel == null || reel.isBlank()) {
            reel = "AX";
        }
        reel = reel.strip().replaceAll("\\s+", "_");
        if (options.reelLength() > 0 && reel.length() > options.reelLength()) {
            reel = reel.substring(0, options.reelLength());
        }
        return reel;
    }

    private static String channel(Track t) {
        if (t.kind() == TrackKind.VIDEO) {
            return "V";
        }
        String digits = t.name().replaceAll("^A(\\d+).*$", "$1");
        return digits.matches("\\d+") && !digits.equals("1") ? "A" + digits : "A";
    }

    private static String tc(long frames, FrameRate rate, boolean df) {
        if (frames < 0) {
            throw GatewayException.invalid("frame " + frames + " is before midnight and has no timecode");
        }
        return Timecode.fromFrames(frames, rate, df).toString();
    }
}
