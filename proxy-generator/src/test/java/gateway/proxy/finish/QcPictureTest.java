package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The chroma comparison of QC pictures: a colour change counts, a softer colour edge does not. */
class QcPictureTest {
    private static final int W = ConformQc.WIDTH;
    private static final int H = ConformQc.HEIGHT;

    /**
     * Flat grey luma; chroma in vertical stripes eight chroma samples wide (U 60 / 200, V the
     * reverse), edges at chroma columns 2, 10, 18 ... (the middle of a 4-sample block); {@code
     * soft}: the two samples either side of each edge a third of the way across (95 / 165), as a
     * softer scaler gives; plus {@code tint} on both planes inside {@code tintWidth} columns from the
     * left.
     */
    private static QcPicture stripes(boolean soft, int tint, int tintWidth) {
        byte[] d = new byte[QcPicture.byteSize(W, H)];
        int luma = W * H; // 96 and 48 are multiples of 4: no padding
        java.util.Arrays.fill(d, 0, luma, (byte) 120);
        int cw = W / 2;
        int ch = H / 2;
        for (int p = 0; p < 2; p++) {
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    boolean high = x >= 2 && ((x - 2) / 8) % 2 == 0;
                    int v = (high ^ p == 1) ? 200 : 60;
                    if (soft && (x % 8 == 1 || x % 8 == 2)) {
                        v = v == 200 ? 165 : 95;
                    }
                    if (x < tintWidth) {
                        v += tint;
                    }
                    d[luma + p * cw * ch + y * cw + x] = (byte) v;
                }
            }
        }
        return new QcPicture(W, H, d);
    }

    @Test
    void softerColourEdgesAreTheSameColour() {
        QcPicture sharp = stripes(false, 0, 0);
        QcPicture soft = stripes(true, 0, 0);

        // per sample: 35 on two columns of every eight, 8.75 of 255 (over CHROMA_MAX); per block: none
        assertEquals(0, sharp.meanChromaDifference(soft), 1e-9);
    }

    @Test
    void aTintIsItsOwnSizeAndAPartialTintItsShare() {
        QcPicture a = stripes(false, 0, 0);

        assertEquals(20, a.meanChromaDifference(stripes(false, 20, 48)), 1e-9);
        double quarter = a.meanChromaDifference(stripes(false, 30, 12));
        assertTrue(quarter > QcJudge.CHROMA_MAX && quarter < 8, "a quarter of the picture tinted by 30: " + quarter);
    }
}
