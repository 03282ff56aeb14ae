package gateway.proxy.finish;

import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;

/**
 * Decides one event of conform QC from its sampled pictures. Samples: three frames of the event
 * (first, middle and last, each {@link #margin} frames in from the cut); an event of fewer than
 * {@value #MIN_FRAMES} frames is not checked. Score at offset {@code d}: the mean structural
 * similarity of each sample with the reference frame {@code d} later. Then:
 *
 * <ul>
 *   <li>OK: in place ({@code d = 0}) scores at least {@value #MATCH} and no offset scores
 *       {@value #BETTER} more, and the levels agree (else COLOUR_DIFFERS: mean chroma difference
 *       of 8 x 8-pixel blocks ({@link QcPicture#meanChromaDifference}) over {@value #CHROMA_MAX}
 *       or mean luma difference over {@value #LEVEL_MAX}, of 255);
 *   <li>OFFSET by {@code d}: the best offset scores at least {@value #MATCH} and beats in place by
 *       {@value #BETTER} (a shot without motion cannot show a slip: it is OK);
 *   <li>FLOPPED: nothing matches, but the mirrored conformed pictures do;
 *   <li>DIFFERENT_PICTURE otherwise.
 * </ul>
 *
 * Measured (96 x 54, ProRes masters of generated originals, ConformQcIT): the same picture scores
 * 1.000 from the same render and 0.980-0.997 from a reference rendered at 160 x 90; one frame away
 * in bars moving 2 pixels a frame at this size 0.65; the other take (a moving ball instead of bars)
 * 0.26; black 0.23. {@value #MATCH} sits between with room for a reference encoded from proxies.
 */
final class QcJudge {
    static final int MIN_FRAMES = 3;
    static final double MATCH = 0.85;
    static final double BETTER = 0.02;
    static final double CHROMA_MAX = 6;
    static final double LEVEL_MAX = 10;
    /** A luma deviation below this is a flat picture (black, a colour field). */
    private static final double FLAT = 2;

    private final FrameRate rate;
    private final Timecode cutStart;
    private final long refFrames;
    private final long shift;
    private final QcOptions options;

    QcJudge(FrameRate rate, Timecode cutStart, long refFrames, long shift, QcOptions options) {
        this.rate = rate;
        this.cutStart = cutStart;
        this.refFrames = refFrames;
        this.shift = shift;
        this.options = options;
    }

    static int margin(long frames) {
        return frames >= 9 ? 2 : frames >= 5 ? 1 : 0;
    }

    static long[] samples(QcEvent e) {
        long n = e.frames();
        int m = margin(n);
        return new long[] {e.firstFrame() + m, e.firstFrame() + n / 2, e.firstFrame() + n - 1 - m};
    }

    /** Why {@code e} is not compared, or null when it is. */
    String unchecked(QcEvent e, long cutFrames) {
        if (e.notChecked() != null) {
            return e.notChecked();
        }
        if (e.frames() < MIN_FRAMES) {
            return "the event is " + e.frames() + " frame(s), fewer than the " + MIN_FRAMES + " compared";
        }
        if (e.firstFrame() + e.frames() > cutFrames) {
            return "the event runs past the end of the conformed movie (" + cutFrames + " frames)";
        }
        for (long s : samples(e)) {
            long r = s + shift;
            if (r >= refFrames) {
                return "the reference ends at " + label(refFrames - shift) + " (" + refFrames
                        + " frames), before this event ends";
            }
            if (r < 0) {
                return "the reference starts at " + label(-shift) + ", after this event starts";
            }
        }
        return null;
    }

    /** Adds the frames {@code e} needs: its samples in the cut, each ± the search in the reference. */
    void wanted(QcEvent e, long cutFrames, NavigableSet<Long> cut, NavigableSet<Long> ref) {
        if (unchecked(e, cutFrames) != null) {
            return;
        }
        for (long s : samples(e)) {
            cut.add(s);
            for (int d = -options.searchFrames(); d <= options.searchFrames(); d++) {
                long r = s + shift + d;
                if (r >= 0 && r < refFrames) {
                    ref.add(r);
                }
            }
        }
    }

    QcFinding judge(int index, QcEvent e, long cutFrames, Map<Long, QcPicture> cut, Map<Long, QcPicture> ref) {
        String why = unchecked(e, cutFrames);
        if (why != null) {
            return QcFinding.notChecked(e, why);
        }
        long[] samples = samples(e);
        QcPicture[] mine = new QcPicture[samples.length];
        QcPicture[] flopped = new QcPicture[samples.length];
        for (int i = 0; i < samples.length; i++) {
            mine[i] = cut.get(samples[i]);
            if (mine[i] == null) {
                return QcFinding.notChecked(e, "the conformed movie's pictures end before frame " + samples[i]);
            }
            flopped[i] = mine[i].flopped();
        }
        int n = options.searchFrames();
        double[] score = new double[2 * n + 1];
        double[] flopScore = new double[2 * n + 1];
        int best = n;
        int bestFlop = n;
        for (int d = -n; d <= n; d++) {
            score[d + n] = score(mine, samples, d, ref);
            flopScore[d + n] = score(flopped, samples, d, ref);
            if (better(score, d + n, best, n)) {
                best = d + n;
            }
            if (better(flopScore, d + n, bestFlop, n)) {
                bestFlop = d + n;
            }
        }
        double inPlace = score[n];
        if (Double.isNaN(inPlace)) {
            return QcFinding.notChecked(e, "the reference's pictures end before frame " + (samples[2] + shift));
        }
        int mid = 1;
        QcPicture refMid = ref.get(samples[mid] + shift);
        if (inPlace >= MATCH && !(score[best] >= inPlace + BETTER)) {
            double chroma = 0;
            double level = 0;
            for (int i = 0; i < samples.length; i++) {
                QcPicture r = ref.get(samples[i] + shift);
                chroma = Math.max(chroma, mine[i].meanChromaDifference(r));
                level = Math.max(level, mine[i].meanLumaDifference(r));
            }
            if (chroma > CHROMA_MAX || level > LEVEL_MAX) {
                return finding(
                        index,
                        e,
                        QcFinding.Status.COLOUR_DIFFERS,
                        0,
                        inPlace,
                        String.format(
                                Locale.ROOT,
                                "colour differs: the picture matches (similarity %.2f) but the levels do not"
                                        + " (mean chroma difference %.1f, mean luma difference %.1f, of 255)",
                                inPlace,
                                chroma,
                                level),
                        samples[mid],
                        mine[mid],
                        refMid);
            }
            return new QcFinding(e.event(), e.track(), QcFinding.Status.OK, 0, inPlace, "", -1, null, null);
        }
        if (score[best] >= MATCH) {
            int k = best - n;
            return finding(
                    index,
                    e,
                    QcFinding.Status.OFFSET,
                    k,
                    score[best],
                    String.format(
                            Locale.ROOT,
                            "offset by %+d frame(s): the conform shows at each record frame what the reference"
                                    + " shows %d frame(s) %s (its source starts %d frame(s) %s);"
                                    + " similarity %.2f there, %.2f in place",
                            k,
                            Math.abs(k),
                            k > 0 ? "later" : "earlier",
                            Math.abs(k),
                            k > 0 ? "late" : "early",
                            score[best],
                            inPlace),
                    samples[mid],
                    mine[mid],
                    refMid);
        }
        if (flopScore[bestFlop] >= MATCH) {
            return finding(
                    index,
                    e,
                    QcFinding.Status.FLOPPED,
                    bestFlop - n,
                    flopScore[bestFlop],
                    String.format(
                            Locale.ROOT,
                            "picture matches flopped: the reference shows this shot mirrored left to right"
                                    + " (similarity %.2f mirrored, %.2f as is)",
                            flopScore[bestFlop],
                            score[best]),
                    samples[mid],
                    mine[mid],
                    refMid);
        }
        String flat = refMid.lumaDeviation() < FLAT ? "; the reference is flat here (black or one colour)" : "";
        return finding(
                index,
                e,
                QcFinding.Status.DIFFERENT_PICTURE,
                0,
                score[best],
                String.format(
                        Locale.ROOT,
                        "different picture: no frame within %d of record %s matches (best similarity %.2f, under %.2f)%s",
                        n,
                        label(samples[mid]),
                        score[best],
                        MATCH,
                        flat),
                samples[mid],
                mine[mid],
                refMid);
    }

    /** True when score {@code i} beats {@code best}; an equal score nearer the event's own place wins. */
    private static boolean better(double[] score, int i, int best, int n) {
        if (Double.isNaN(score[i])) {
            return false;
        }
        if (Double.isNaN(score[best])) {
            return true;
        }
        return score[i] > score[best] || (score[i] == score[best] && Math.abs(i - n) < Math.abs(best - n));
    }

    private double score(QcPicture[] pictures, long[] samples, int d, Map<Long, QcPicture> ref) {
        double sum = 0;
        for (int i = 0; i < samples.length; i++) {
            QcPicture r = ref.get(samples[i] + shift + d);
            if (r == null) {
                return Double.NaN;
            }
            sum += pictures[i].similarity(r);
        }
        return sum / samples.length;
    }

    private QcFinding finding(
            int index,
            QcEvent e,
            QcFinding.Status status,
            int offset,
            double similarity,
            String message,
            long frame,
            QcPicture mine,
            QcPicture theirs) {
        String refPng = null;
        String cutPng = null;
        Path folder = options.pictures();
        if (folder != null) {
            String base = String.format(Locale.ROOT, "qc-%04d-", index + 1);
            refPng = base + "reference.png";
            cutPng = base + "conformed.png";
            theirs.writePng(folder.resolve(refPng));
            mine.writePng(folder.resolve(cutPng));
        }
        return new QcFinding(e.event(), e.track(), status, offset, similarity, message, frame, refPng, cutPng);
    }

    /** The record timecode of conformed frame {@code frame}, or "frame N" when the cut has none. */
    String label(long frame) {
        if (cutStart == null) {
            return "frame " + frame;
        }
        return Timecode.fromFrames(cutStart.toFrames() + frame, rate, cutStart.dropFrame())
                .toString();
    }
}
