package gateway.model.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import gateway.testing.Corpora;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Broadcast WAV timecode: the bext TimeReference counts samples since midnight, not frames. */
class BroadcastWavTimecodeTest {
    /** Sound Devices 702T, {@code bwf/A101_1.WAV}: 12:39:59:00 at 23.976 non-drop. */
    private static final long SOUND_DEVICES_TIME_REFERENCE = 2_190_940_753L;
    /** Zoom F8, {@code bwf/Scene_1_2AG-T001_Tr1.WAV}: 22:40:10:00 at 25. */
    private static final long ZOOM_F8_TIME_REFERENCE = 3_917_280_000L;

    @Test
    void soundDevicesTimeReferenceIs123959At23976NonDrop() {
        Timecode tc = Timecode.fromSamples(SOUND_DEVICES_TIME_REFERENCE, 48_000, FrameRate.FPS_23_976, false);

        assertEquals("12:39:59:00", tc.toString());
        assertEquals(1_094_376L, tc.toFrames());
    }

    @Test
    void zoomF8TimeReferenceIs224010At25() {
        assertEquals(
                "22:40:10:00",
                Timecode.fromSamples(ZOOM_F8_TIME_REFERENCE, 48_000, FrameRate.FPS_25, false)
                        .toString());
    }

    @Test
    void aSampleBetweenFramesLabelsTheFrameItFallsIn() {
        // 1 094 376 frames at 23.976 start at sample 2 190 940 752; the next frame at 2 190 942 754.
        long frameStart = 1_094_376L * 2002;

        assertEquals("12:39:59:00", label(frameStart));
        assertEquals("12:39:59:00", label(frameStart + 2001));
        assertEquals("12:39:59:01", label(frameStart + 2002));
        assertEquals("12:39:58:23", label(frameStart - 1));
    }

    @Test
    void midnightAndTheDayWrap() {
        assertEquals("00:00:00:00", label(0));
        long dayOfSamplesAt23976 = 2_073_600L * 2002; // a day of labels lasts 86 486.4 s of audio
        assertEquals("00:00:00:00", label(dayOfSamplesAt23976));
        assertEquals("23:59:59:23", label(dayOfSamplesAt23976 - 1));
    }

    @Test
    void dropFrameLabelsFromSamples() {
        // 01:00:00;00 at 29.97 DF is frame 107 892, which starts at sample 107 892 * 1601.6 = 172 799 827.2.
        FrameRate samples = FrameRate.of(48_000);
        long firstSampleOfTheFrame = 172_799_828L;

        assertEquals(
                firstSampleOfTheFrame,
                Timecode.parse("01:00:00;00", FrameRate.FPS_29_97)
                        .toTime()
                        .rescaledTo(samples, RoundingMode.CEILING)
                        .value());
        assertEquals(
                "01:00:00;00",
                Timecode.fromSamples(firstSampleOfTheFrame, 48_000, FrameRate.FPS_29_97, true)
                        .toString());
        assertEquals(
                "00:59:59;29",
                Timecode.fromSamples(firstSampleOfTheFrame - 1, 48_000, FrameRate.FPS_29_97, true)
                        .toString());
    }

    @Test
    void negativeSampleCountsAndBadSampleRatesAreRejected() {
        assertThrows(GatewayException.class, () -> Timecode.fromSamples(-1, 48_000, FrameRate.FPS_25, false));
        assertThrows(GatewayException.class, () -> Timecode.fromSamples(0, 0, FrameRate.FPS_25, false));
    }

    @Test
    void theCorpusFilesCarryTheseTimeReferences() throws IOException {
        Path bwf = Corpora.file("media/bwf");

        assertEquals(SOUND_DEVICES_TIME_REFERENCE, timeReference(bwf.resolve("A101_1.WAV")));
        assertEquals(ZOOM_F8_TIME_REFERENCE, timeReference(bwf.resolve("Scene_1_2AG-T001_Tr1.WAV")));
    }

    private static String label(long samples) {
        return Timecode.fromSamples(samples, 48_000, FrameRate.FPS_23_976, false)
                .toString();
    }

    /** The bext chunk's TimeReference: a 64-bit little-endian sample count at offset 338. */
    private static long timeReference(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12; // after "RIFF", size, "WAVE"
        while (at + 8 <= b.limit()) {
            String id = new String(new byte[] {b.get(at), b.get(at + 1), b.get(at + 2), b.get(at + 3)}, "US-ASCII");
            long size = Integer.toUnsignedLong(b.getInt(at + 4));
            if (id.equals("bext")) {
                return b.getLong(at + 8 + 338);
            }
            at += 8 + (int) size + (int) (size & 1);
        }
        throw new AssertionError(wav + " has no bext chunk");
    }
}
