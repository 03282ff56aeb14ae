package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.Rendition;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.testing.Corpora;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edit rendition of a sound-only Broadcast WAV: every channel, the rate, the bit depth, the
 * bext TimeReference and the iXML of the original, the samples untouched, as ffprobe, our probe
 * and a chunk walk read them.
 */
class SoundEditIT {
    private final MediaProbe probe = new MediaProbe();
    private final Ladder ladder = new Ladder(probe);

    @TempDir
    Path originals;

    @TempDir
    Path assetDir;

    /** 4 channels, 48 kHz, 24-bit, 2 s at 25 fps from 14:00:00:00, tape SR001. */
    private Path fourChannelBwf(String name) {
        FrameRate rate = FrameRate.FPS_25;
        SampleSpec spec = new SampleSpec(
                SampleSpec.Container.WAV,
                SampleSpec.Codec.NONE,
                0,
                0,
                rate,
                50,
                Timecode.parse("14:00:00:00", rate),
                "SR001",
                4,
                24,
                false);
        return new SampleOriginals().generate(spec, originals.resolve(name));
    }

    @Test
    void fourChannelBroadcastWavKeepsChannelsRateDepthTimeReferenceAndIxml() throws Exception {
        Path original = fourChannelBwf("SR001.WAV");
        MediaInfo probed = probe.probe(original);

        LadderResult result = ladder.makeAll(original, probed, AssetId.random(), assetDir, ProgressListener.NONE);

        assertEquals(
                List.of("edit proxy/SR001.wav", "waveform waveform.json"),
                result.renditions().stream()
                        .map(r -> r.profile() + " " + r.path())
                        .toList());
        Rendition edit = result.rendition("edit").orElseThrow();
        Path file = assetDir.resolve(edit.path());
        SoundEditChecks.assertSoundEdit(original, probed, edit, file, probe);
        assertEquals(-1L, Files.mismatch(original, file), "a RIFF original is copied byte for byte");

        JsonNode ff = SoundEditChecks.ffprobe(file);
        JsonNode stream = ff.get("streams").get(0);
        assertEquals("pcm_s24le", stream.get("codec_name").asText());
        assertEquals(4, stream.get("channels").asInt());
        assertEquals("48000", stream.get("sample_rate").asText());
        assertEquals(24, stream.get("bits_per_sample").asInt());
        // 14:00:00:00 = 50400 s since midnight = 2419200000 samples at 48 kHz
        assertEquals(
                "2419200000", ff.get("format").get("tags").get("time_reference").asText());

        MediaInfo made = probe.probe(file);
        assertEquals("14:00:00:00", made.startTimecode().toString());
        assertEquals(FrameRate.FPS_25, made.frameRate());
        assertEquals("SR001", made.reel());
        assertEquals(List.of(new AudioStream("pcm", 4, 48_000, 24)), made.audio());
        String ixml =
                new String(SoundEditChecks.Chunk.of(SoundEditChecks.chunks(file), "iXML"), StandardCharsets.UTF_8);
        assertTrue(ixml.contains("<TAPE>SR001</TAPE>") && ixml.contains("<TIMECODE_RATE>25"), ixml);
        new LadderChecks(assetDir).assertChecksumsAndNothingElse(result);
    }

    @Test
    void theEditAloneDecodesNothingAndLeavesNothingElse() throws Exception {
        Path original = fourChannelBwf("SR002.wav");
        MediaInfo probed = probe.probe(original);
        List<Integer> progress = new java.util.concurrent.CopyOnWriteArrayList<>();

        LadderResult result = ladder.make(original, probed, AssetId.random(), assetDir, Set.of("edit"), progress::add);

        assertEquals(
                List.of("edit"),
                result.renditions().stream().map(Rendition::profile).toList());
        assertEquals(List.of(100), progress);
        new LadderChecks(assetDir).assertChecksumsAndNothingElse(result);
    }

    @Test
    void anRf64OriginalComesOutAsRiffWithTheSameChunks() throws Exception {
        Path riff = fourChannelBwf("riff.wav");
        Path original = Files.write(originals.resolve("SR003.WAV"), toRf64(Files.readAllBytes(riff)));
        MediaInfo probed = probe.probe(original);
        assertEquals("RF64", SoundEditChecks.riff(original));

        LadderResult result = ladder.make(original, probed, AssetId.random(), assetDir, Set.of("edit"), p -> {});

        Rendition edit = result.rendition("edit").orElseThrow();
        Path file = assetDir.resolve(edit.path());
        SoundEditChecks.assertSoundEdit(original, probed, edit, file, probe);
        assertEquals(-1L, Files.mismatch(riff, file), "the RF64 original as the RIFF it was made from");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "A101_1.WAV", // Sound Devices 702T: bext + iXML, 23.976
                "Scene_1_2AG-T001_Tr1.WAV", // Zoom F8: bext + iXML, 25
                "Sr001-001-06_01.WAV",
                "PT_A101_4.A1.wav", // Pro Tools
                "umid.wav",
                "wavinfo_Test_Project_-_Audio_-_Stereo.wav"
            })
    void corpusBroadcastWavsKeepBextAndIxml(String name) throws Exception {
        Path original = Corpora.file("media/bwf/" + name);
        MediaInfo probed = probe.probe(original);

        LadderResult result = ladder.make(original, probed, AssetId.random(), assetDir, Set.of("edit"), p -> {});

        Rendition edit = result.rendition("edit").orElseThrow();
        Path file = assetDir.resolve(edit.path());
        SoundEditChecks.assertSoundEdit(original, probed, edit, file, probe);
        List<String> ids = SoundEditChecks.chunks(file).stream()
                .map(SoundEditChecks.Chunk::id)
                .toList();
        for (String id : List.of("fmt ", "bext", "iXML", "data")) {
            boolean inOriginal = SoundEditChecks.chunks(original).stream().anyMatch(c -> c.id().equals(id));
            assertEquals(inOriginal, ids.contains(id), name + ": chunk '" + id + "' " + ids);
        }
        if (name.equals("A101_1.WAV") || name.startsWith("Scene_1")) {
            assertTrue(ids.containsAll(List.of("bext", "iXML")), name + ": " + ids);
        }
        new LadderChecks(assetDir).assertChecksumsAndNothingElse(result);
    }

    /** The same WAVE as RF64: a ds64 chunk first, the RIFF and data sizes 0xFFFFFFFF. */
    private static byte[] toRf64(byte[] riff) {
        ByteBuffer in = ByteBuffer.wrap(riff).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long dataBytes = 0;
        int blockAlign = 1;
        for (int at = 12; at + 8 <= riff.length; ) {
            String id = new String(riff, at, 4, StandardCharsets.US_ASCII);
            int size = in.getInt(at + 4);
            if (id.equals("fmt ")) {
                blockAlign = in.getShort(at + 8 + 12);
            }
            ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            h.put(riff, at, 4).putInt(id.equals("data") ? -1 : size);
            body.writeBytes(h.array());
            body.write(riff, at + 8, size + (size & 1));
            if (id.equals("data")) {
                dataBytes = size;
            }
            at += 8 + size + (size & 1);
        }
        ByteBuffer head = ByteBuffer.allocate(12 + 8 + 28).order(ByteOrder.LITTLE_ENDIAN);
        head.put("RF64".getBytes(StandardCharsets.US_ASCII)).putInt(-1).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        head.put("ds64".getBytes(StandardCharsets.US_ASCII)).putInt(28);
        head.putLong(4 + 8 + 28 + body.size())
                .putLong(dataBytes)
                .putLong(dataBytes / blockAlign)
                .putInt(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.array());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
