package gateway.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARRIRAW frame headers built as public notes document them: the signature "ARRI" 12 34 56 78 at 0
 * (MediaInfo's File_ArriRaw), little-endian width at 0x14 and height at 0x18, camera model text at
 * 0x29c (dcraw, RawSpeed's AriDecoder).
 */
class ArriRawHeaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheDocumentedSizeAndModel() throws Exception {
        Path f = frame("a.ari", 4448, 3096, "ALEXA LF");
        assertTrue(ArriRawHeader.sniff(f));
        ArriRawHeader h = ArriRawHeader.read(f);
        assertEquals(4448, h.width());
        assertEquals(3096, h.height());
        assertEquals("ALEXA LF", h.model());
        assertEquals("ARRI", h.camera().make());
    }

    @Test
    void theProbeSaysWhatAnArriRawFrameIsInsteadOfGStreamersError() throws Exception {
        Path f = frame("A001C001.0000001.ari", 2880, 1620, "ALEXA 35");
        GatewayException e = assertThrows(GatewayException.class, () -> new MediaProbe().probe(f));
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(
                e.getMessage().startsWith("A001C001.0000001.ari: one ARRIRAW frame (2880x1620, ALEXA 35): camera raw"),
                e.getMessage());
    }

    @Test
    void aHeaderWithoutAModelHasNoCamera() throws Exception {
        ArriRawHeader h = ArriRawHeader.read(frame("b.ari", 2880, 1620, ""));
        assertNull(h.model());
        assertNull(h.camera());
    }

    @Test
    void anotherFileOrAnImpossibleSizeIsCorruptNamingTheFile() throws Exception {
        Path other = Files.write(dir.resolve("c.ari"), "RIFF....WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1));
        assertFalse(ArriRawHeader.sniff(other));
        GatewayException e = assertThrows(GatewayException.class, () -> ArriRawHeader.read(other));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("c.ari: does not start with the ARRIRAW signature"), e.getMessage());
        GatewayException size =
                assertThrows(GatewayException.class, () -> ArriRawHeader.read(frame("d.ari", 0, 1620, "x")));
        assertTrue(size.getMessage().contains("impossible picture size 0x1620"), size.getMessage());
    }

    @Test
    void aPictureCodingOutsideTheDecodedFamiliesIsNotDecodedHere() {
        assertTrue(picture("06.0e.2b.34.04.01.01.0a.04.01.02.02.71.13.00.00").codingDecodedHere(), "DNxHD");
        assertTrue(picture("06.0e.2b.34.04.01.01.03.04.01.02.02.01.04.03.00").codingDecodedHere(), "MPEG-2");
        assertTrue(picture(null).codingDecodedHere(), "no coding: left to GStreamer");
        assertFalse(picture("06.0e.2b.34.04.01.01.0a.0e.7f.01.02.03.04.05.06").codingDecodedHere(), "private");
        assertFalse(picture("06.0e.2b.34.04.01.01.0d.04.01.02.02.03.07.00.00").codingDecodedHere(), "unmapped");
    }

    private static MxfFile.Picture picture(String coding) {
        return new MxfFile.Picture(1920, 1080, null, 25, false, coding);
    }

    private Path frame(String name, int width, int height, String model) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {'A', 'R', 'R', 'I', 0x12, 0x34, 0x56, 0x78});
        b.putInt(0x14, width).putInt(0x18, height);
        b.put(0x29c, model.getBytes(StandardCharsets.ISO_8859_1));
        return Files.write(dir.resolve(name), b.array());
    }
}
