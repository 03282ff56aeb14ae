package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.model.asset.Manifest;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Track;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.ale.AleReader;
import gateway.relink.read.fcpxml.FcpXmlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinExportTest {
    private static final List<BinAsset> ASSETS = List.of(
            bin(Manifests.of("00000001-0000-4000-8000-000000000000", "feature", "A001", "01:00:00:00", 2, 10, 1)),
            bin(Manifests.of("00000002-0000-4000-8000-000000000000", "feature", "B002", "14:23:10:05", 8, 10, 1)),
            bin(Manifests.of("00000003-0000-4000-8000-000000000000", "feature", "C003", "00:00:00:00", 0, 10, 1)));

    private static BinAsset bin(Manifest m) {
        return BinAsset.of(
                m,
                Path.of("/home/ana/.gateway-agent/cache/feature/" + m.name() + " x__"
                        + m.assetId().value().substring(0, 8) + ".mov"));
    }

    @Test
    void anFcpXmlEventReadsBackWithEveryClipTimecodeReelAndBothMediaReps() {
        String xml = FcpXmlBin.write("feature reel:A*", ASSETS);
        Edit edit = new FcpXmlReader()
                .read(
                        xml.getBytes(StandardCharsets.UTF_8),
                        "bin.fcpxml",
                        ReadOptions.defaults().strictly());

        List<Clip> clips = edit.timeline().tracks().tracks().stream()
                .filter(t -> t.kind() == gateway.model.timeline.TrackKind.VIDEO)
                .flatMap(Track::clips)
                .toList();
        assertEquals(ASSETS.size(), clips.size(), xml);
        for (int i = 0; i < ASSETS.size(); i++) {
            BinAsset a = ASSETS.get(i);
            Clip c = clips.get(i);
            assertEquals(a.name(), c.name());
            assertEquals(TimeRange.of(a.start().toFrames(), a.durationFrames(), a.rate()), c.sourceRange());
            MissingReference original =
                    (MissingReference) c.reference(Representation.ORIGINAL).orElseThrow();
            assertEquals(a.reel(), original.reel());
            assertEquals(a.originalPath(), original.path());
            assertEquals(
                    a.proxy().toString(),
                    ((ExternalReference) c.reference(Representation.PROXY).orElseThrow()).target());
            assertEquals(
                    a.assetId(),
                    c.metadata().namespace("gateway").string("asset_id").orElseThrow());
            assertEquals(
                    (long) a.audioChannels(),
                    c.metadata().namespace("fcpxml").get("audio_channels").orElse(0L));
        }
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
            assertEquals(TimeRange.of(a.start().toFrames(), a.durationFrames(), a.rate()), c.sourceRange());
            MissingReference ref =
                    (MissingReference) c.reference(Representation.ORIGINAL).orElseThrow();
            assertEquals(a.reel(), ref.reel());
            assertEquals(a.proxy().toString(), ref.path());
            assertEquals(
                    a.assetId(),
                    c.metadata().namespace("gateway").string("asset_id").orElseThrow());
            assertEquals(
                    AleBin.tracks(a),
                    c.metadata().namespace("ale").string("Tracks").orElseThrow());
            assertEquals(
                    a.originalPath(),
                    c.metadata().namespace("ale").string(AleBin.ORIGINAL_COLUMN).orElseThrow());
            assertEquals("25", c.metadata().namespace("ale").string("FPS").orElseThrow());
        }
        assertEquals("VA1A2A3A4A5A6A7A8", AleBin.tracks(ASSETS.get(1)));
    }
}
