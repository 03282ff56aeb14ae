package gateway.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegSizeTest {

    @Test
    void readsTheSizeAnEncoderWrote() throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(320, 176, BufferedImage.TYPE_INT_RGB), "jpg", jpeg);
        assertEquals(new JpegSize(320, 176), JpegSize.of(jpeg.toByteArray(), "test.jpg"));
    }

    @Test
    void somethingElseIsCorrupt() {
        GatewayException e = assertThrows(
                GatewayException.class, () -> JpegSize.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "x.jpg"));
        assertEquals(Reason.CORRUPT, e.reason());
        GatewayException cut = assertThrows(
                GatewayException.class,
                () -> JpegSize.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, "y.jpg"));
        assertEquals(Reason.CORRUPT, cut.reason());
    }
}
