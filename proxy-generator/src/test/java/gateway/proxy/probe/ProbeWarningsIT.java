package gateway.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an assistant must be told of a file that ingests: written by ffmpeg, read by our probe. */
class ProbeWarningsIT {
    private final MediaProbe probe = new MediaProbe();

    @TempDir
    Path dir;

    @Test
    void audioShorterThanThePictureIsAWarning() throws Exception {
        Path f = MxfWriters.ffmpeg(
                "320x240",
                "25",
                2.0,
                true,
                List.of("-c:v", "mpeg4", "-c:a", "pcm_s16le", "-af", "atrim=0:1", "-f", "mov"),
                dir.resolve("late.mov"));
        MediaInfo info = probe.probe(f);
        assertTrue(
                info.warnings().stream()
                        .anyMatch(w -> w.startsWith("audio and video durations differ: audio track 1 lasts 25 frames,")
                                && w.contains("the picture 50")),
                "warnings: " + info.warnings());
    }

    /**
     * GStreamer's mxfmux writes what it is given: two seconds of picture and one of sound (ffmpeg's
     * OP1a muxer stops every track at the shortest, so it cannot write this file).
     */
    @Test
    void mxfSoundShorterThanThePictureIsAWarning() throws Exception {
        Path f = MxfWriters.gstLaunch(
                "videotestsrc num-buffers=20 ! video/x-raw,width=1280,height=720,framerate=25/1,format=Y42B"
                        + " ! avenc_dnxhd bitrate=60000000 ! m. audiotestsrc num-buffers=10 samplesperbuffer=1920"
                        + " ! audio/x-raw,format=S16LE,rate=48000,channels=1 ! m. mxfmux name=m",
                dir.resolve("short-sound.mxf"));
        List<String> durations = new java.util.ArrayList<>();
        MxfWriters.ffprobe(f)
                .path("streams")
                .forEach(s -> durations.add(s.path("duration").asText()));
        assertEquals(List.of("0.800000", "0.400000"), durations, "ffprobe: the writer wrote 0.8 s and 0.4 s");
        MediaInfo info = probe.probe(f);
        assertTrue(
                info.warnings()
                        .contains("audio and video durations differ: audio track 1 lasts 10 frames, the picture 20 (at"
                                + " 25 fps)"),
                "warnings: " + info.warnings());
    }

    @Test
    void aTruncatedMxfFooterIsNamedWithWhereItWas() throws Exception {
        Path f = MxfWriters.xdcamHd422(dir.resolve("cut.mxf"));
        long footer;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(64);
            ch.read(head, 0);
            int ber = head.get(16) & 0xff;
            int value = 17 + ((ber & 0x80) != 0 ? ber & 0x7f : 0);
            footer = head.getLong(value + 24);
            assertTrue(footer > 0 && footer < ch.size(), "ffmpeg wrote a footer partition: " + footer);
            ch.truncate(footer + 20); // into the footer's partition pack
        }
        MediaInfo info = probe.probe(f);
        assertTrue(
                info.warnings().stream()
                        .anyMatch(w -> w.startsWith("damaged footer partition at byte " + footer + ":")),
                "warnings: " + info.warnings());
        assertEquals("11:00:00;00", info.startTimecode().toString(), "the header metadata still reads");
    }

    /**
     * A QuickTime timecode track with two samples (the timecode restarts inside the file). No tool
     * here writes one (ffmpeg and qtmux write one sample), so ffmpeg's one-sample track is made a
     * two-sample one in place: its time-to-sample entry (1 sample of d) becomes 2 samples of d/2.
     */
    @Test
    void aTimecodeTrackWithTwoSamplesIsATimecodeBreak() throws Exception {
        Path f = MxfWriters.ffmpeg(
                "320x240",
                "25",
                1.0,
                false,
                List.of("-c:v", "mpeg4", "-timecode", "10:00:00:00", "-f", "mov"),
                dir.resolve("break.mov"));
        assertEquals(List.of(), probe.probe(f).warnings(), "one timecode sample: no break");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer all = ByteBuffer.allocate((int) ch.size());
            ch.read(all, 0);
            String latin = new String(all.array(), java.nio.charset.StandardCharsets.ISO_8859_1);
            int tmcd = latin.lastIndexOf("tmcd");
            int stts = latin.lastIndexOf("stts"); // the tmcd track is ffmpeg's last: its tables come last
            assertTrue(tmcd > 0 && stts > tmcd, "ffmpeg wrote a tmcd track with a time-to-sample table");
            assertEquals(1, all.getInt(stts + 8), "one entry");
            assertEquals(1, all.getInt(stts + 12), "of one sample");
            int delta = all.getInt(stts + 16);
            ch.write(ByteBuffer.allocate(8).putInt(2).putInt(delta / 2).flip(), stts + 12);
        }
        MediaInfo info = probe.probe(f);
        assertEquals(
                List.of("timecode break: the timecode track has 2 samples (the timecode restarts inside the file);"
                        + " the start timecode and the proxies follow the first, and a conform by timecode past the"
                        + " first break will miss"),
                info.warnings());
        assertEquals("10:00:00:00", info.startTimecode().toString());
    }

    /**
     * ffmpeg's XDCAM HD 422 file with one index entry moved 1000 bytes: the probe names the
     * segment, the edit unit and where its content package really starts (MxfWritersIT holds every
     * writer's own index to no warning).
     */
    @Test
    void anIndexTableThatLiesIsNamedWithWhere() throws Exception {
        Path f = MxfWriters.xdcamHd422(dir.resolve("lies.mxf"));
        long segment;
        long told;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer all = ByteBuffer.allocate((int) ch.size());
            ch.read(all, 0);
            byte[] b = all.array();
            segment = indexOf(b, java.util.HexFormat.of().parseHex("060e2b34025301010d01020101100100"), 0);
            assertTrue(segment > 0, "ffmpeg wrote an index table segment");
            int entries = indexOf(b, new byte[] {0x3f, 0x0a}, (int) segment);
            int item = all.getInt(entries + 8);
            int entry7 =
                    entries + 12 + 7 * item + 3; // temporal offset, key-frame offset, flags, then the stream offset
            told = all.getLong(entry7) + 1000;
            ch.write(ByteBuffer.allocate(8).putLong(told).flip(), entry7);
        }
        String lie = "index table that lies: the index table segment at byte " + segment
                + " says edit unit 7 starts at essence offset " + told + ", where its content package starts at "
                + (told - 1000);
        try (FileChannel ch = FileChannel.open(f)) {
            List<String> problems = MxfFile.read("lies.mxf", ch).problems();
            assertTrue(problems.stream().anyMatch(w -> w.startsWith(lie)), "the header reader's problems: " + problems);
        }
        // GStreamer 1.22 gives up on this file ("Internal data stream error"): the probe's error says why
        GatewayException e = assertThrows(GatewayException.class, () -> probe.probe(f));
        assertEquals(Reason.CORRUPT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("lies.mxf: "), e.getMessage());
        assertTrue(e.getMessage().contains("; the MXF file itself: " + lie), e.getMessage());
    }

    private static int indexOf(byte[] b, byte[] want, int from) {
        outer:
        for (int i = from; i + want.length <= b.length; i++) {
            for (int k = 0; k < want.length; k++) {
                if (b[i + k] != want[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void matchingDurationsAreNoWarning() throws Exception {
        Path f = MxfWriters.ffmpeg(
                "320x240",
                "25",
                2.0,
                true,
                List.of("-c:v", "mpeg4", "-c:a", "pcm_s16le", "-f", "mov"),
                dir.resolve("ok.mov"));
        MediaInfo info = probe.probe(f);
        assertTrue(
                info.warnings().stream().noneMatch(w -> w.contains("durations differ")),
                "warnings: " + info.warnings());
    }
}
