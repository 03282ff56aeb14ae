package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Item;
import gateway.model.timeline.Track;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One video track laid out in record frames as the pieces that show a picture: a clip's own frames
 * ({@link Shot}) and a transition's frames ({@link Dissolve}: the outgoing clip played on past its
 * cut, mixed linearly into the incoming clip started early). Gaps and disabled clips are no piece:
 * the track below shows through. Pictures are asked for frame by frame, in increasing order.
 */
final class TrackLayout implements AutoCloseable {

    /** A stretch of record frames {@code [start, end)} of the track that shows a picture. */
    sealed interface Piece permits Shot, Dissolve {
        long start();

        long end();
    }

    record Shot(ClipShot shot, long start, long end) implements Piece {}

    /** {@code from} (or black when null) mixed into {@code to} (or black) over {@code [start, end)}. */
    record Dissolve(ClipShot from, ClipShot to, long start, long end) implements Piece {
        /** The weight of the incoming picture at {@code record}: (j + 1) / (length + 1), never 0 or 1. */
        double weightAt(long record) {
            return (double) (record - start + 1) / (end - start + 1);
        }
    }

    private final String name;
    private final List<Piece> pieces;
    private final List<ClipShot> shots;
    private int current;

    private TrackLayout(String name, List<Piece> pieces, List<ClipShot> shots) {
        this.name = name;
        this.pieces = pieces;
        this.shots = shots;
    }

    /**
     * Lays out {@code track} (its items at {@code rate}); {@code media} makes each enabled clip's
     * shot, {@code warnings} receives what is rendered other than asked (a wipe as a dissolve).
     */
    static TrackLayout of(Track track, FrameRate rate, Function<Clip, ClipShot.Media> media, List<String> warnings) {
        return of(track, rate, media, clip -> null, warnings);
    }

    /** As above; {@code refusal} tells the text a clip rendered anyway shows (null for none). */
    static TrackLayout of(
            Track track,
            FrameRate rate,
            Function<Clip, ClipShot.Media> media,
            Function<Clip, String> refusal,
            List<String> warnings) {
        List<Item> items = track.items();
        Map<Integer, ClipShot> shotAt = new HashMap<>();
        List<ClipShot> shots = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Clip clip && clip.enabled()) {
                ClipShot.requireRate("its source range", clip.sourceRange().rate(), rate, clip.name());
                TimeRange range = track.rangeOf(i, RoundingMode.UNNECESSARY);
                ClipShot.requireRate("its place on the track", range.rate(), rate, clip.name());
                ClipShot.Media m = media.apply(clip);
                ClipShot shot = new ClipShot(clip, range.start().value(), m, refusal.apply(clip));
                shotAt.put(i, shot);
                shots.add(shot);
            }
        }
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            TimeRange range = item instanceof Transition || shotAt.containsKey(i)
                    ? track.rangeOf(i, RoundingMode.UNNECESSARY)
                    : null;
            if (item instanceof Transition t) {
                ClipShot.requireRate("transition '" + t.name() + "'", range.rate(), rate, t.name());
                if (t.kind() != TransitionKind.DISSOLVE) {
                    warnings.add("track " + track.name() + ": transition '" + t.name() + "' ("
                            + (t.kindName() == null ? t.kind() : t.kindName()) + ") is rendered as a dissolve");
                }
                ClipShot from = shotAt.get(i - 1);
                ClipShot to = shotAt.get(i + 1);
                long start = range.start().value();
                long end = range.endExclusive().value();
                if (from != null) {
                    from.checkCovers(start, end);
                }
                if (to != null) {
                    to.checkCovers(start, end);
                }
                pieces.add(new Dissolve(from, to, start, end));
            } else if (range != null) {
                long start = range.start().value();
                long end = range.endExclusive().value();
                if (i > 0 && items.get(i - 1) instanceof Transition before) {
                    start += before.outOffsetFrames();
                }
                if (i + 1 < items.size() && items.get(i + 1) instanceof Transition after) {
                    end -= after.inOffsetFrames();
                }
                if (end < start) {
                    throw GatewayException.invalid("track " + track.name() + ": clip '" + item.name()
                            + "' is shorter than the transitions that share it");
                }
                ClipShot shot = shotAt.get(i);
                shot.checkCovers(start, end);
                if (end > start) {
                    pieces.add(new Shot(shot, start, end));
                }
            }
        }
        pieces.sort((a, b) -> Long.compare(a.start(), b.start()));
        for (int i = 1; i < pieces.size(); i++) {
            if (pieces.get(i).start() < pieces.get(i - 1).end()) {
                throw GatewayException.invalid("track " + track.name() + ": a transition at record frame "
                        + pieces.get(i).start() + " overlaps its neighbour");
            }
        }
        return new TrackLayout(track.name(), List.copyOf(pieces), List.copyOf(shots));
    }

    /** The pieces in record order. */
    List<Piece> pieces() {
        return pieces;
    }

    /** The first shot with media, for the master's default size. */
    ClipShot firstShotWithMedia() {
        return shots.stream().filter(ClipShot::hasMedia).findFirst().orElse(null);
    }

    /**
     * The picture this track shows at {@code record}, or null where it shows nothing. Calls must
     * come in increasing record order; shots no longer needed are closed on the way.
     */
    Picture pictureAt(long record, int width, int height, Duration timeout) {
        while (current < pieces.size() && pieces.get(current).end() <= record) {
            current++;
        }
        releaseBefore(record);
        if (current >= pieces.size() || pieces.get(current).start() > record) {
            return null;
        }
        return switch (pieces.get(current)) {
            case Shot s -> s.shot().pictureAt(record, width, height, timeout);
            case Dissolve d ->
                picture(d.from(), record, width, height, timeout)
                        .mixedWith(picture(d.to(), record, width, height, timeout), d.weightAt(record));
        };
    }

    /** Moves past {@code record} without decoding (a track above covers it). */
    void skipTo(long record) {
        while (current < pieces.size() && pieces.get(current).end() <= record) {
            current++;
        }
        releaseBefore(record);
    }

    private static Picture picture(ClipShot shot, long record, int width, int height, Duration timeout) {
        return shot == null ? Picture.black(width, height) : shot.pictureAt(record, width, height, timeout);
    }

    private void releaseBefore(long record) {
        for (ClipShot s : shots) {
            if (s.lastUse() <= record) {
                s.close();
            }
        }
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        shots.forEach(ClipShot::close);
    }
}
