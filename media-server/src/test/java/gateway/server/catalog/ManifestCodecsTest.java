package gateway.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.index.CatalogIndex;
import gateway.ingest.task.ManifestLine;
import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestJson;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.protos.mapper.AssetMapper;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every codec of a {@link Manifest} carries every field: the JSON on the store ({@link ManifestJson}),
 * the line a worker prints on its stdout ({@link ManifestLine}), the binary form stored in the
 * Lucene index (through {@link CatalogIndex}) and the wire {@code Asset} ({@link AssetMapper}). The
 * fixture sets every component of every record in it to a value that is not its default (checked by
 * reflection), so a component added to a record must be given a value here, and a codec that
 * forgets it makes the round trip unequal.
 */
class ManifestCodecsTest {
    /**
     * What the wire deliberately does not carry, and why; the test checks each is a real component
     * and compares the rest.
     */
    private static final Map<String, String> WIRE_OMITS = Map.of(
            "Manifest.schemaVersion",
            "the wire is versioned by its package (gateway.common.v1); a reader gets the current schema",
            "MediaInfo.path",
            "the wire has one original_path; the probe's path is the manifest's original path",
            "Manifest.locations",
            "where the node keeps an original (its storage tiers) is the node's business: admins read it with"
                    + " `tier status` and the tiers REST endpoints, editors never need it");

    static Manifest fullyPopulated() {
        FrameRate ntsc = FrameRate.FPS_29_97;
        MediaInfo media = new MediaInfo(
                "/probe/saw/A001C003.mov",
                "mov",
                ntsc,
                1234,
                new Timecode(1, 2, 3, 4, ntsc, true),
                "A001",
                "A001C003_230101_R1AB",
                new VideoInfo("prores", 1920, 1080),
                List.of(new AudioStream("pcm_s24le", 2, 48_000, 24), new AudioStream("aac", 6, 44_100, 16)),
                true,
                new MediaInfo.Camera("ARRI", "ALEXA Mini LF", "K1.0012345"),
                List.of("variable frame rate", "timecode track without a reel"));
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                42,
                new AssetId("a1b2c3d4e5f6"),
                new ProjectId("feature-film"),
                "A001C003 \"take\" 2\nline two",
                "/mnt/originals/day 1/A001C003.mov",
                media,
                new Checksums("0123456789abcdef", "0123456789abcdef0123456789abcdef"),
                List.of(
                        new Rendition(
                                "stream-hi",
                                "stream/stream-hi.mp4",
                                "video/mp4",
                                987_654,
                                new Checksums("fedcba9876543210", "fedcba9876543210fedcba9876543210")),
                        new Rendition(
                                "stream-hi",
                                "stream/stream-hi.index.json",
                                "application/json",
                                4_321,
                                new Checksums("1111222233334444", "11112222333344445555666677778888"))),
                Map.of("scene", "12A", "épisode", "tête-à-tête"),
                Instant.parse("2026-11-21T14:00:30.123456789Z"),
                List.of(new OriginalLocation(
                        "archive",
                        "s3://originals/feature-film/a1b2c3d4e5f6/A001C003.mov",
                        OriginalLocation.State.UPLOADING,
                        "upload-2~7f",
                        Instant.parse("2026-11-21T15:00:00.5Z"))));
    }

    @Test
    void theFixtureLeavesNoComponentAtItsDefault() {
        List<String> defaults = new ArrayList<>();
        walk(fullyPopulated(), "Manifest", defaults);
        assertEquals(List.of(), defaults, "components left null, empty, zero or false in the fixture");
    }

    @Test
    void theJsonOnTheStoreCarriesEveryField() {
        Manifest m = fullyPopulated();
        assertEquals(m, ManifestJson.fromBytes(ManifestJson.toBytes(m), "test"));
    }

    @Test
    void theWorkersResultLineCarriesEveryField() {
        Manifest m = fullyPopulated();
        String line = ManifestLine.encode(m);
        assertTrue(line.indexOf('\n') < 0, "one line");
        assertEquals(m, ManifestLine.decode(line, "test"));
    }

    @Test
    void theFormStoredInTheIndexCarriesEveryField(@TempDir Path dir) {
        Manifest m = fullyPopulated();
        try (CatalogIndex index = CatalogIndex.open(dir)) {
            index.upsert(m);
            index.commit();
            index.refresh();
            assertEquals(m, index.byId(m.project(), m.assetId()).orElseThrow());
        }
    }

    @Test
    void theWireCarriesEveryFieldItDoesNotDeliberatelyOmit() {
        for (String omitted : WIRE_OMITS.keySet()) {
            assertTrue(isComponent(omitted), omitted + " is listed as omitted but is no record component");
        }
        Manifest m = fullyPopulated();
        MediaInfo media = m.media();
        Manifest expected = new Manifest(
                Manifest.SCHEMA_VERSION,
                m.version(),
                m.assetId(),
                m.project(),
                m.name(),
                m.originalPath(),
                new MediaInfo(
                        m.originalPath(),
                        media.container(),
                        media.frameRate(),
                        media.durationFrames(),
                        media.startTimecode(),
                        media.reel(),
                        media.clipName(),
                        media.video(),
                        media.audio(),
                        media.variableFrameRate(),
                        media.camera(),
                        media.warnings()),
                m.checksums(),
                m.renditions(),
                m.metadata(),
                m.ingestedAt());
        assertEquals(expected, AssetMapper.fromProto(AssetMapper.toProto(m)));
    }

    /** Adds to {@code defaults} the path of every component of {@code value} (a record) left at its default. */
    private static void walk(Object value, String path, List<String> defaults) {
        if (value == null) {
            defaults.add(path + " is null");
        } else if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                walk(read(c, r), path + "." + c.getName(), defaults);
            }
        } else if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                defaults.add(path + " is empty");
            }
            int i = 0;
            for (Object e : list) {
                walk(e, path + "[" + i++ + "]", defaults);
            }
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                defaults.add(path + " is empty");
            }
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", defaults));
        } else if (value instanceof String s && s.isEmpty()
                || value instanceof Number n && n.longValue() == 0
                || Boolean.FALSE.equals(value)
                || Instant.EPOCH.equals(value)) {
            defaults.add(path + " is " + (value instanceof String ? "empty" : value));
        }
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + c + ": " + e, e);
        }
    }

    private static boolean isComponent(String recordDotComponent) {
        String[] parts = recordDotComponent.split("\\.");
        Class<?> type = parts[0].equals("Manifest") ? Manifest.class : MediaInfo.class;
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(parts[1])) {
                return true;
            }
        }
        return false;
    }
}
