package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.FrameRate;
import gateway.proxy.gst.PipelineJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QC's picture reader on a Long-GOP movie: the pictures it is not asked for are dropped before
 * conversion, and the ones it returns are the frames asked for, not their neighbours.
 */
class QcFramesIT {
    @TempDir
    Path dir;

    @Test
    void aFewWantedFramesOfALongGopMovieAreTheSameAsWhenEveryFrameIsRead() {
        Path movie = dir.resolve("bars.mp4");
        try (PipelineJob job = PipelineJob.parse(
                "videotestsrc num-buffers=120 pattern=smpte horizontal-speed=8 ! video/x-raw,width=320,height=180,framerate=25/1"
                        + " ! x264enc key-int-max=50 speed-preset=ultrafast ! mp4mux ! filesink location=" + movie,
                "bars")) {
            job.run(Duration.ofSeconds(60)).orThrow("bars");
        }
        Duration limit = Duration.ofSeconds(60);
        TreeSet<Long> every = new TreeSet<>(LongStream.range(0, 120).boxed().toList());
        TreeSet<Long> few = new TreeSet<>(java.util.List.of(3L, 40L, 41L, 97L));

        Map<Long, QcPicture> all =
                QcFrames.read(movie, "h264", FrameRate.FPS_25, ConformQc.WIDTH, ConformQc.HEIGHT, every, limit);
        Map<Long, QcPicture> some =
                QcFrames.read(movie, "h264", FrameRate.FPS_25, ConformQc.WIDTH, ConformQc.HEIGHT, few, limit);

        assertEquals(120, all.size());
        assertEquals(few, new TreeSet<>(some.keySet()));
        for (long f : few) {
            assertEquals(1.0, some.get(f).similarity(all.get(f)), 1e-9, "frame " + f);
            assertTrue(some.get(f).similarity(all.get(f + 1)) < 0.99, "frame " + f + " is not its neighbour");
        }
    }
}
