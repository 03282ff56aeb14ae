package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import org.junit.jupiter.api.Test;

class PictureTest {

    @Test
    void blackIsVideoBlackWithNeutralChroma() {
        Picture black = Picture.black(6, 2);
        assertEquals(64, black.luma(0, 0));
        assertEquals(64, black.luma(5, 1));
        byte[] bytes = black.bytes();
        int chroma = 12 * 2; // after the 6x2 luma plane (12-byte lines)
        assertEquals(512, (bytes[chroma] & 0xFF) | (bytes[chroma + 1] & 0xFF) << 8);
        assertEquals((12 + 2 * 8) * 2, bytes.length, "chroma lines of 3 samples are padded to 8 bytes");
    }

    @Test
    void mixingWeighsTheIncomingPicture() {
        Picture a = Picture.black(4, 2);
        Picture b = filled(4, 2, 1000);
        assertEquals(64, a.mixedWith(b, 0).luma(1, 1));
        assertEquals(1000, a.mixedWith(b, 1).luma(1, 1));
        assertEquals(532, a.mixedWith(b, 0.5).luma(3, 0));
        assertEquals(
                64 + Math.round((1000 - 64) * 7 / 13.0),
                a.mixedWith(b, 7 / 13.0).luma(0, 0));
    }

    @Test
    void lumaDifferenceIsTheMeanAbsoluteDifference() {
        assertEquals(936.0, Picture.black(4, 2).meanLumaDifference(filled(4, 2, 1000)));
        assertEquals(0.0, Picture.black(4, 2).meanLumaDifference(Picture.black(4, 2)));
    }

    @Test
    void aWrongSizeIsRefused() {
        GatewayException odd = assertThrows(GatewayException.class, () -> Picture.black(5, 2));
        assertEquals(Reason.INVALID_ARGUMENT, odd.reason());
        GatewayException short_ = assertThrows(GatewayException.class, () -> new Picture(4, 2, new byte[10]));
        assertEquals(Reason.INTERNAL, short_.reason());
        assertThrows(GatewayException.class, () -> Picture.black(4, 2).mixedWith(Picture.black(6, 2), 0.5));
    }

    private static Picture filled(int w, int h, int value) {
        byte[] bytes = new byte[Picture.byteSize(w, h)];
        for (int i = 0; i < bytes.length; i += 2) {
            bytes[i] = (byte) value;
            bytes[i + 1] = (byte) (value >> 8);
        }
        return new Picture(w, h, bytes);
    }
}
