package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.Manifest;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.ale.AleReader;
import gateway.relink.read.fcpxml.FcpXmlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The bins the agent writes for Final Cut Pro (FCPXML 1.10) and Media Composer (ALE), read back by
 * relink-service's own readers: every clip, its timecode range, reel, both media (the original on
 * the storage and the agent's proxy), asset id and audio layout, over the cases a real project mixes:
 * two picture rates (so two formats), a drop-frame 29.97 clip, a clip without audio, a clip without a
 * reel, a Broadcast WAV (no picture; its rate is its timecode's), and paths with spaces and accents.
 */
class BinExportTest {
    private static final List<BinAsset> ASSETS = List.of(
            bin(Manifests.of("00000001-0000-4000-8000-000000000000", "feature", "A001", "01:00:00:00", 2, 10, 1)),
            bin(Manifests.of("00000002-0000-4000-8000-000000000000", "feature", "B002", "14:23:10:05", 8, 10, 1)),
            bin(Manifests.of("00000003-0000-4000-8000-000000000000", "feature", "C003", "00:00:00:00", 0, 10, 1)),
            bin(Manifests.of(
                    "00000004-0000-4000-8000-000000000000",
                    "feature",
                    "B002C011",
                    "B002C011",
                    "/Volumes/RAID 1/Día 2/B002C011.mov",
                    FrameRate.FPS_23_976,
                    "14:00:00:00",
                    true,
                    4,
                    10,
                    1)),
            bin(Manifests.of(
                    "00000005-0000-4000-8000-000000000000",
                    "feature",
                    "E005C002",
                    "E005",
                    "/mnt/cards/E005/E005C002.mov",
                    FrameRate.FPS_29_97,
                    "01:00:00;00",
                    true,
                    2,
                    10,
                    1)),
            bin(Manifests.of(
                    "00000006-0000-4000-8000-000000000000",
                    "feature",
                    "phone clip",
                    null,
                    "/mnt/phones/IMG_0042.mov",
                    FrameRate.FPS_25,
                    "00:00:00:00",
                    true,
                    2,
                    10,
                    1)),
            bin(Manifests.of(
                    "00000007-0000-4000-8000-000000000000",
                    "feature",
                    "SR001",
                    "SR001",
                    "/mnt/sound/SR001.WAV",
                    FrameRate.FPS_23_976,
                    "12:39:59:00",
                    false,
                    2,
                    10,
                    0)));

    private static BinAsset bin(Manifest m) {
        return BinAsset.of(
                m,
                Path.of("/home/ana/.gateway-agent/cache/feature/" + m.name() + " x__"
                        + m.assetId().value().substring(0, 8) + ".mov"));
    }

    @Test
    void anFcpXml110EventReadsBackWithEveryClipTimecodeReelAndBothMediaReps() {
        String xml = FcpXmlBin.write("feature reel:A*", ASSETS);
        assertTrue(xml.contains("<fcpxml version=\"1.10\">"), xml);
        Edit edit = new FcpXmlReader()
                .read(
                        xml.getBytes(StandardCharsets.UTF_8),
                        "bin.fcpxml",
                        // Not strictly: the reader lays an event's clips end to end on the first
                        // format's grid (25 fps here), where the 23.976 and 29.97 clips' record ends
                        // fall between frames; their source ranges, what a bin is about, stay exact.
                        ReadOptions.defaults());

        Map<String, List<Clip>> video = byAssetId(edit, TrackKind.VIDEO);
        Map<String, List<Clip>> audio = byAssetId(edit, TrackKind.AUDIO);
        for (BinAsset a : ASSETS) {
            // A picture asset is a video clip; the WAV a sound clip only; a clip with sound has sound clips too.
            assertEquals(a.hasVideo(), video.containsKey(a.assetId()), a.name() + " on a video track\n" + xml);
            assertEquals(a.audioChannels() > 0, audio.containsKey(a.assetId()), a.name() + " on an audio track");
            Clip c = (a.hasVideo() ? video : audio).get(a.assetId()).get(0);
            assertEquals(a.name(), c.name());
            MissingReference original =
                    (MissingReference) c.reference(Representation.ORIGINAL).orElseThrow();
            // The reader keeps every clip on the timeline's grid (the first format's, 25 fps) and the
            // asset's own start and duration exactly, as rational seconds at the asset's own rate.
            if (a.rate().equals(FrameRate.FPS_25)) {
                assertEquals(
                        TimeRange.of(a.start().toFrames(), a.durationFrames(), a.rate()), c.sourceRange(), a.name());
            }
            var facts = original.metadata().namespace("fcpxml");
            assertEquals(
                    FcpXmlBin.time(a.start().toFrames(), a.rate()),
                    facts.string("asset_start").orElseThrow(),
                    a.name() + " start timecode " + a.start());
            assertEquals(
                    FcpXmlBin.time(a.durationFrames(), a.rate()),
                    facts.string("asset_duration").orElseThrow(),
                    a.name() + " duration");
            assertTrue(
                    xml.contains("<format id=\"" + facts.string("format").orElseThrow() + "\" frameDuration=\""
                            + FcpXmlBin.time(1, a.rate()) + "\"/>"),
                    a.name() + " format at " + a.rate());
            // Drop frame is the clip's timecode format (the 25 fps grid itself has none).
            assertEquals(
                    a.start().dropFrame() ? "DF" : "NDF",
                    c.metadata().namespace("fcpxml").string("tc_format").orElseThrow(),
                    a.name() + " timecode format");
            assertEquals(a.reel(), original.reel(), a.name() + " reel");
            assertEquals(a.originalPath(), original.path(), a.name() + " original-media");
            assertEquals(
                    a.proxy().toString(),
                    ((ExternalReference) c.reference(Representation.PROXY).orElseThrow()).target(),
                    a.name() + " proxy-media");
            assertEquals(
                    (long) a.audioChannels(),
                    c.metadata().namespace("fcpxml").get("audio_channels").orElse(0L),
                    a.name() + " audio channels");
        }
        // Every asset once, in the bin's order.
        assertEquals(
                ASSETS.stream()
                        .filter(BinAsset::hasVideo)
                        .map(BinAsset::assetId)
                        .toList(),
                List.copyOf(video.keySet()));
        assertEquals(
                ASSETS.size(),
                video.size() + (int) ASSETS.stream().filter(a -> !a.hasVideo()).count());
        assertTrue(xml.contains("file:///Volumes/RAID%201/D%C3%ADa%202/B002C011.mov"), "a file URL, encoded");
    }

    @Test
    void anAleReadsBackWithEveryClipTimecodeTapeProxyAndAssetId() {
        String ale = AleBin.write("feature", ASSETS);
        Edit edit = new AleReader()
                .read(
                        ale.getBytes(StandardCharsets.UTF_8),
                        "bin.ale",
                        ReadOptions.defaults().strictly());

        List<Clip> clips = edit.timeline().tracks().tracks().get(0).clips().toList();
        assertEquals(ASSETS.size(), clips.size(), ale);
        for (int i = 0; i < ASSETS.size(); i++) {
            BinAsset a = ASSETS.get(i);
            Clip c = clips.get(i);
            assertEquals(a.name(), c.name());
            assertEquals(
                    TimeRange.of(a.start().toFrames(), a.durationFrames(), a.rate()),
                    c.sourceRange(),
                    a.name() + "\n" + ale);
            MissingReference ref =
                    (MissingReference) c.reference(Representation.ORIGINAL).orElseThrow();
            assertEquals(a.reel(), ref.reel(), a.name() + " tape");
            assertEquals(a.proxy().toString(), ref.path(), a.name() + " source file (the proxy)");
            assertEquals(
                    a.assetId(),
                    c.metadata().namespace("gateway").string("asset_id").orElseThrow());
            assertEquals(
                    AleBin.tracks(a),
                    c.metadata().namespace("ale").string("Tracks").orElseThrow());
            assertEquals(
                    a.originalPath(),
                    c.metadata().namespace("ale").string(AleBin.ORIGINAL_COLUMN).orElseThrow());
        }
        assertEquals("VA1A2A3A4A5A6A7A8", AleBin.tracks(ASSETS.get(1)));
        assertEquals("V", AleBin.tracks(ASSETS.get(2)));
        assertEquals("A1A2", AleBin.tracks(ASSETS.get(6)));
        assertFalse(ale.contains("Record["), "no record printed as Record[...]");
    }

    private static Map<String, List<Clip>> byAssetId(Edit edit, TrackKind kind) {
        return edit.timeline().tracks().tracks().stream()
                .filter(t -> t.kind() == kind)
                .flatMap(Track::clips)
                .collect(Collectors.groupingBy(
                        c -> c.metadata()
                                .namespace("gateway")
                                .string("asset_id")
                                .orElseThrow(),
                        java.util.LinkedHashMap::new,
                        Collectors.toList()));
    }
}
