package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QC's decisions on synthetic pictures: a bright square moving 3 pixels a frame over a ramp. */
class QcJudgeTest {
    private static final int W = ConformQc.WIDTH;
    private static final int H = ConformQc.HEIGHT;
    private static final FrameRate RATE = FrameRate.FPS_25;

    @TempDir
    Path pictures;

    /** Frame {@code f} of the shot: a horizontal ramp, a square at x = 5 + 3f, neutral chroma + {@code tint}. */
    private static QcPicture frame(long f, int tint) {
        byte[] d = new byte[QcPicture.byteSize(W, H)];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean square = x >= 5 + 3 * f && x < 20 + 3 * f && y >= 10 && y < 30;
                d[y * W + x] = (byte) (square ? 235 : 16 + x * 2);
            }
        }
        for (int i = W * H; i < d.length; i++) {
            d[i] = (byte) (128 + tint);
        }
        return new QcPicture(W, H, d);
    }

    private static Map<Long, QcPicture> shot(long frames, UnaryOperator<QcPicture> change, int tint, int slip) {
        Map<Long, QcPicture> m = new HashMap<>();
        for (long f = 0; f < frames; f++) {
            m.put(f, change.apply(frame(f + slip, tint)));
        }
        return m;
    }

    private QcFinding judge(Map<Long, QcPicture> reference) {
        QcJudge judge = new QcJudge(RATE, Timecode.parse("01:00:00:00", RATE), 20, 0, QcOptions.defaults(pictures));
        return judge.judge(0, QcEvent.checked("7", "V1", 0, 20), 20, shot(20, p -> p, 0, 0), reference);
    }

    @Test
    void theSamePictureIsOk() {
        QcFinding f = judge(shot(20, p -> p, 0, 0));
        assertEquals(QcFinding.Status.OK, f.status(), f.message());
        assertEquals(1.0, f.similarity(), 1e-9);
        assertEquals(null, f.referencePicture(), "no pictures for an event that is OK");
    }

    @Test
    void aSlipIsASignedOffset() {
        // the reference shows each picture two frames earlier: its source starts two frames late
        QcFinding f = judge(shot(20, p -> p, 0, 2));
        assertEquals(QcFinding.Status.OFFSET, f.status(), f.message());
        assertEquals(-2, f.offset(), f.message());
    }

    @Test
    void aFloppedShotIsReportedAsFlopped() throws Exception {
        QcFinding f = judge(shot(20, QcPicture::flopped, 0, 0));
        assertEquals(QcFinding.Status.FLOPPED, f.status(), f.message());
        assertTrue(f.message().startsWith("picture matches flopped"), f.message());
        assertTrue(Files.size(pictures.resolve(f.referencePicture())) > 50);
        assertTrue(Files.size(pictures.resolve(f.conformedPicture())) > 50);
    }

    @Test
    void aRecolouredShotIsReportedNotOk() {
        QcFinding f = judge(shot(20, p -> p, 20, 0));
        assertEquals(QcFinding.Status.COLOUR_DIFFERS, f.status(), f.message());
        assertTrue(f.similarity() > 0.99, "the luma is the same: " + f.similarity());
    }

    @Test
    void anEventPastTheReferenceIsNotCheckedWithWhereItEnds() {
        QcJudge judge = new QcJudge(RATE, Timecode.parse("01:00:00:00", RATE), 20, 0, QcOptions.defaults(pictures));
        QcEvent late = QcEvent.checked("8", "V1", 15, 10);
        QcFinding f = judge.judge(1, late, 40, Map.of(), Map.of());
        assertEquals(QcFinding.Status.NOT_CHECKED, f.status());
        assertTrue(f.message().startsWith("the reference ends at 01:00:00:20"), f.message());
    }
}
