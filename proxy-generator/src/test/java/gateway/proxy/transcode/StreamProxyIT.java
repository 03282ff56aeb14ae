package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.FragmentIndex;
import gateway.model.asset.MediaInfo;
import gateway.model.time.FrameRate;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamProxyIT {
    private final MediaProbe probe = new MediaProbe();

    @TempDir
    Path dir;

    @Test
    void oneClosedGopPerFragmentAt23976() throws Exception {
        Path original = new SampleOriginals()
                .generate(
                        SampleSpec.h264At23976FourChannels().withSize(640, 360).withDurationFrames(60),
                        dir.resolve("B002C011.mov"));
        MediaInfo probed = probe.probe(original);
        AssetId id = AssetId.random();

        StreamProxy.Result result =
                new StreamProxy().make(original, probed, id, dir.resolve("stream/B002C011.mp4"), ProgressListener.NONE);

        Path file = dir.resolve("stream").resolve(result.rendition().path());
        FragmentIndex index = result.index();
        assertEquals(FrameRate.FPS_23_976, index.rate());
        assertEquals(60, index.totalFrames());
        assertEquals(
                List.of(24L, 24L, 12L),
                index.fragments().stream()
                        .map(FragmentIndex.Fragment::durationFrames)
                        .toList());
        assertEquals(index.initLengthBytes(), index.fragments().get(0).offsetBytes());
        for (int i = 1; i < index.fragments().size(); i++) {
            FragmentIndex.Fragment prev = index.fragments().get(i - 1);
            assertEquals(
                    prev.offsetBytes() + prev.lengthBytes(),
                    index.fragments().get(i).offsetBytes());
        }
        for (FragmentIndex.Fragment f : index.fragments()) {
            assertEquals("moof", fourccAt(file, f.offsetBytes() + 4));
        }
        FragmentIndex.Fragment last = index.fragments().get(index.fragments().size() - 1);
        assertEquals("mfra", fourccAt(file, last.offsetBytes() + last.lengthBytes() + 4));
        assertEquals(index.fragments().get(1), index.fragmentOf(30));
        assertTrue(index.toJson().contains("{\"start_frame\":24,\"duration_frames\":24,"), index.toJson());

        // ffprobe: key frames exactly at 0, 24, 48; stereo AAC
        assertEquals(List.of(0, 24, 48), FfprobeCheck.keyFrames(file));
        MediaInfo made = probe.probe(file);
        assertEquals("mp4", made.container());
        assertEquals(60, made.durationFrames());
        assertEquals("aac", made.audio().get(0).codec());
        assertEquals(2, made.audioChannels());
        assertEquals(id, probe.embeddedAssetId(file).orElseThrow());
    }

    @Test
    void fragmentsOfOneSecondAt25() throws Exception {
        Path original = new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25()
                                .withSize(640, 360)
                                .withDurationFrames(50)
                                .withNoise(false),
                        dir.resolve("A.mov"));
        StreamProxy.Result result = new StreamProxy()
                .make(original, probe.probe(original), AssetId.random(), dir.resolve("A.mp4"), ProgressListener.NONE);
        assertEquals(
                List.of(25L, 25L),
                result.index().fragments().stream()
                        .map(FragmentIndex.Fragment::durationFrames)
                        .toList());
        assertEquals(List.of(0, 25), FfprobeCheck.keyFrames(dir.resolve("A.mp4")));
    }

    private static String fourccAt(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4);
            ch.read(b, offset);
            return new String(b.array(), StandardCharsets.ISO_8859_1);
        }
    }
}
