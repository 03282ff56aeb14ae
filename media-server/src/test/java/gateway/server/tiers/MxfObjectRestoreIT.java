package gateway.server.tiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.storage.RangeReader;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.restore.FrameSpan;
import gateway.proxy.restore.RangeRestore;
import gateway.proxy.restore.RestoreResult;
import gateway.tiers.ObjectStore;
import gateway.tiers.S3Tier;
import gateway.tiers.TierMeter;
import gateway.tiers.embedded.EmbeddedS3;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OP1a MXF original (ffmpeg: DNxHR HQ, 24-bit stereo, timecode 10:00:00:00, reel MXF001) on an
 * object tier (S3Proxy): 3 s of it with 12-frame handles restored by the range through its index
 * table. The S3 server's own count of the bytes it sent is at most the content packages of the frames
 * plus everything that is not essence (partitions, metadata, index) and the first content package,
 * and 1 %; the trimmed original has the source's frames, its timecode and reel.
 */
@Timeout(300)
class MxfObjectRestoreIT {
    private static final ProjectId PROJECT = new ProjectId("mxf");

    @TempDir
    Path dir;

    @Test
    void anMxfOriginalOnTheObjectTierIsRestoredByTheRangeOfItsIndex() throws Exception {
        Path original = ffmpegMxf(dir.resolve("M001C001.mxf"));
        MediaProbe probe = new MediaProbe();
        MediaInfo info = probe.probe(original);
        Path trimmed = Files.createDirectories(dir.resolve("out")).resolve("M001C001.mov");
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("object-store"));
                ObjectStore store =
                        new ObjectStore(s3.tier("archive", "originals", "", S3Tier.MIN_PART_BYTES), TierMeter.NONE)) {
            s3.createBucket("originals");
            String key = store.keyFor(PROJECT, "asset-1", "M001C001.mxf");
            store.upload(key, original, FileChecksums.compute(original), PROJECT);

            long before = s3.bytesServed();
            RestoreResult r;
            try (RangeReader reader = store.reader(key, PROJECT)) {
                r = new RangeRestore()
                        .restore(reader, info, new FrameSpan(100, 175), 12, trimmed, ProgressListener.NONE);
            }
            long served = s3.bytesServed() - before;

            assertTrue(r.plan().rangeExact(), String.valueOf(r.plan().wholeFileReason()));
            Needed needed = needed(original, 88, 187);
            assertTrue(served >= needed.frames(), "the server sent " + served + " bytes, the frames hold " + needed);
            assertTrue(
                    served <= needed.frames() + needed.header() + needed.frames() / 100,
                    "the server sent " + served + " bytes; the frames' content packages hold " + needed.frames()
                            + ", the rest that is not essence and the first package " + needed.header());
            assertTrue(served < Files.size(original) / 2, served + " of " + Files.size(original));
        }
        MediaInfo made = probe.probe(trimmed);
        assertEquals(99, made.durationFrames());
        assertEquals("10:00:03:13", made.startTimecode().toString());
        assertEquals("MXF001", made.reel());
        for (int k : new int[] {0, 49, 98}) {
            byte[] got = gray(trimmed, k);
            double same = difference(got, gray(original, 88 + k));
            double before = difference(got, gray(original, 88 + k - 1));
            double after = difference(got, gray(original, 88 + k + 1));
            assertTrue(
                    same * 4 < Math.min(before, after),
                    "frame " + k + " of the copy is frame " + (88 + k) + " of the source: " + same + " vs " + before
                            + " / " + after);
        }
    }

    /** 10 s of DNxHR HQ 640x360 at 25 fps, 24-bit stereo, timecode 10:00:00:00, reel MXF001 (ffmpeg's OP1a). */
    private static Path ffmpegMxf(Path file) throws Exception {
        String log = run(List.of(
                "ffmpeg",
                "-v",
                "error",
                "-nostdin",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=1000:sample_rate=48000",
                "-t",
                "10",
                "-c:v",
                "dnxhd",
                "-profile:v",
                "dnxhr_hq",
                "-pix_fmt",
                "yuv422p",
                "-c:a",
                "pcm_s24le",
                "-ac",
                "2",
                "-timecode",
                "10:00:00:00",
                "-metadata",
                "reel_name=MXF001",
                "-f",
                "mxf",
                file.toString()));
        assertTrue(Files.size(file) > 0, log);
        return file;
    }

    /** Frame {@code n} (0 = the first picture) as 160x90 grey, decoded by ffmpeg: a witness other than ours. */
    private static byte[] gray(Path file, int n) throws Exception {
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-i",
                        file.toString(),
                        "-vf",
                        "select='eq(n\\," + n + ")',scale=160:90",
                        "-fps_mode",
                        "passthrough",
                        "-frames:v",
                        "1",
                        "-pix_fmt",
                        "gray",
                        "-f",
                        "rawvideo",
                        "-")
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
        assertEquals(160 * 90, out.length, "frame " + n + " of " + file + ": " + err);
        return out;
    }

    private static double difference(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }

    private static String run(List<String> cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd.get(0) + " finished");
            assertEquals(0, p.exitValue(), out);
            return out;
        } catch (IOException e) {
            assumeTrue(false, cmd.get(0) + " is not installed (./gateway test installs it): " + e.getMessage());
            throw e;
        }
    }

    /**
     * What frames {@code [from, to)} need, by a plain walk of the file's KLVs (not the index the
     * restore reads): their content packages' bytes (from each package's first key to the next), and
     * everything that is not essence plus the first package.
     */
    private record Needed(long frames, long header) {}

    private static Needed needed(Path file, int from, int to) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            List<long[]> packages = new ArrayList<>(); // [start, end)
            byte[] leader = null;
            long pos = 0;
            while (pos + 17 <= ch.size()) {
                ByteBuffer b = ByteBuffer.allocate(25);
                ch.read(b, pos);
                byte[] key = Arrays.copyOf(b.array(), 16);
                int first = b.get(16) & 0xff;
                long length = first;
                int lengthBytes = 1;
                if (first >= 0x80) {
                    length = 0;
                    for (int i = 0; i < (first & 0x7f); i++) {
                        length = (length << 8) | (b.get(17 + i) & 0xff);
                    }
                    lengthBytes += first & 0x7f;
                }
                long end = pos + 16 + lengthBytes + length;
                boolean essence = key[8] == 0x0d && key[9] == 0x01 && key[10] == 0x03 && key[11] == 0x01;
                boolean fill = key[8] == 0x03 && key[9] == 0x01 && key[10] == 0x02 && key[11] == 0x10;
                if (essence && leader == null) {
                    leader = key;
                }
                if (essence && Arrays.equals(leader, key)) {
                    packages.add(new long[] {pos, end});
                } else if ((essence || fill) && !packages.isEmpty() && packages.getLast()[1] == pos) {
                    packages.getLast()[1] = end; // the package's other elements and its KAG fill
                }
                pos = end;
            }
            long essence = 0;
            for (long[] p : packages) {
                essence += p[1] - p[0];
            }
            long frames = 0;
            for (int i = from; i < to; i++) {
                frames += packages.get(i)[1] - packages.get(i)[0];
            }
            long firstPackage = packages.get(0)[1] - packages.get(0)[0];
            return new Needed(frames, ch.size() - essence + firstPackage);
        }
    }
}
