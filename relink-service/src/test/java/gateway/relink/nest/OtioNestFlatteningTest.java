package gateway.relink.nest;

import static gateway.relink.nest.Nests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.timeline.Clip;
import gateway.model.timeline.Track;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.formats.EditFormats;
import gateway.relink.read.otio.OtioJsonReader;
import gateway.relink.write.otio.OtioJsonWriter;
import gateway.testing.Corpora;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OTIO stacks and tracks nested in a track: read as nests, laid into the parent by the flattener. */
class OtioNestFlatteningTest {
    private final OtioJsonReader reader = new OtioJsonReader();
    private final Flattener flattener = new Flattener();

    @Test
    void theCorpusNestedStacksAndTrackAreLaidIntoTheTopTrack() {
        Edit edit = reader.read(Corpora.root().resolve("otio/nested_example.otio"), ReadOptions.defaults());
        assertEquals(3, edit.nests().size(), edit.nests().keySet().toString());
        Edit flat = flattener.flatten(edit);
        Track top = flat.timeline().tracks().tracks().get(0);
        // Nested Stack 1 plays [0, 31) of a stack whose one clip lasts 37 (from 373): trimmed to 31.
        // Nested Stack 2 has a time warp of 0.8545454551724138, whose positions fall between frames:
        // kept as it is, with the reason. The nested track (4 frames) is frozen: its clip at the
        // track's in point, frame 471, held for 4 frames.
        assertEquals(
                List.of(
                        "Normal Clip 1 @0+238 src 135",
                        "Clip Inside A Stack 1 @238+31 src 373",
                        "Normal Clip 2 @269+33 src 101",
                        "Nested Stack 2 (with effects) @302+29 src 0",
                        "Normal Clip 3 @331+63 src 179",
                        "Clip Inside A Track @394+4 src 471",
                        "Normal Clip 4 @398+238 src 135"),
                text(top));
        Clip refused = top.clips()
                .filter(c -> c.name().equals("Nested Stack 2 (with effects)"))
                .findFirst()
                .orElseThrow();
        String reason = refused.metadata()
                .namespace(Edit.NAMESPACE)
                .string(Flattener.REFUSED_KEY)
                .orElseThrow();
        assertTrue(reason.contains("falls between frames"), reason);
        Clip held = top.clips()
                .filter(c -> c.name().equals("Clip Inside A Track"))
                .findFirst()
                .orElseThrow();
        assertTrue(held.timeScalar().isFreeze(), held.effects().toString());
        assertEquals(
                "Nested Track.1",
                held.metadata().namespace(Edit.NAMESPACE).string("event").orElseThrow());
    }

    @Test
    void aClipDirectlyInANestedStackIsALayerAndNestsNestInNests() {
        String json = """
                {"OTIO_SCHEMA": "Timeline.1", "name": "t", "tracks": {"OTIO_SCHEMA": "Stack.1", "children": [
                  {"OTIO_SCHEMA": "Track.1", "name": "V1", "kind": "Video", "children": [
                    %s,
                    {"OTIO_SCHEMA": "Stack.1", "name": "outer",
                     "source_range": %s,
                     "children": [
                       {"OTIO_SCHEMA": "Track.1", "name": "in1", "kind": "Video", "children": [
                         %s,
                         {"OTIO_SCHEMA": "Track.1", "name": "inner", "kind": "Video",
                          "source_range": %s,
                          "children": [%s]}]},
                       %s]}]}]}}
                """.formatted(
                        clip("A", 1000, 48),
                        range(12, 60),
                        clip("B", 2000, 24),
                        range(10, 50),
                        clip("C", 3000, 100),
                        clip("D", 4000, 30));
        Edit edit = reader.read(json.getBytes(StandardCharsets.UTF_8), "t.otio", ReadOptions.defaults());
        assertEquals(2, edit.nests().size());
        List<Track> tracks = flattener.flatten(edit).timeline().tracks().tracks();
        // outer plays its own [12, 72): on in1, B covers [0, 24) (from 12: 12 frames of B from 2012),
        // then inner [24, 74) plays C [10, 60) -> 48 frames shown (outer ends at 72) from C 3010 + 0.
        // The layer D (a clip directly in the stack) covers [0, 30): from 12, 18 frames from 4012.
        assertEquals(List.of("A @0+48 src 1000", "B @48+12 src 2012", "C @60+48 src 3010"), text(tracks.get(0)));
        assertEquals(List.of("gap 48", "D @48+18 src 4012"), text(tracks.get(1)));
    }

    @Test
    void nestsWrittenAsOtioStacksFlattenToTheSameCutAsTheOriginal() {
        for (String file : List.of("fcp7xml/premiere_example.xml", "fcpxml/fcpx_project.fcpxml")) {
            java.nio.file.Path path = Corpora.root().resolve(file);
            Edit original = EditFormats.reader(EditFormats.detect(path)).read(path, ReadOptions.defaults());
            assertTrue(!original.nests().isEmpty(), file);
            String otio = new OtioJsonWriter().write(original.timeline(), original.nests());
            Edit back = reader.read(otio.getBytes(StandardCharsets.UTF_8), "back.otio", ReadOptions.defaults());
            assertEquals(
                    original.timeline().tracks().tracks().stream()
                            .mapToLong(t -> t.clips()
                                    .filter(c -> Flattener.nestKey(c).isPresent())
                                    .count())
                            .sum(),
                    back.timeline().tracks().tracks().stream()
                            .mapToLong(t -> t.clips()
                                    .filter(c -> Flattener.nestKey(c).isPresent())
                                    .count())
                            .sum(),
                    file + ": every nest clip is still a nest clip");
            List<List<String>> expected = flattener.flatten(original).timeline().tracks().tracks().stream()
                    .map(Nests::text)
                    .toList();
            List<List<String>> actual = flattener.flatten(back).timeline().tracks().tracks().stream()
                    .map(Nests::text)
                    .toList();
            assertEquals(expected, actual, file);
        }
    }

    private static String clip(String name, long start, long frames) {
        return """
                {"OTIO_SCHEMA": "Clip.1", "name": "%s", "source_range": %s,
                 "media_reference": {"OTIO_SCHEMA": "ExternalReference.1", "target_url": "file:///m/%s.mov"}}
                """.formatted(name, range(start, frames), name);
    }

    private static String range(long start, long frames) {
        return """
                {"OTIO_SCHEMA": "TimeRange.1",
                 "start_time": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24.0, "value": %d},
                 "duration": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24.0, "value": %d}}
                """.formatted(start, frames);
    }
}
