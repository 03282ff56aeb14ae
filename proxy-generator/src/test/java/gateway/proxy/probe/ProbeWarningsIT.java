package gateway.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.MediaInfo;
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
