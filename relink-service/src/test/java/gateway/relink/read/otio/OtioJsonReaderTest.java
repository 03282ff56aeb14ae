package gateway.relink.read.otio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OtioJsonReaderTest {
    private final OtioJsonReader reader = new OtioJsonReader();

    @Test
    void readsEveryCorpusOtioFile() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Corpora.root().resolve("otio"))) {
            files = s.filter(p -> p.toString().endsWith(".otio")).sorted().toList();
        }
        assertEquals(6, files.size());
        for (Path p : files) {
            Timeline t = reader.read(p, ReadOptions.defaults()).timeline();
            assertFalse(t.tracks().tracks().isEmpty(), p.toString());
            assertTrue(t.duration().value() > 0, p.toString());
        }
    }

    @Test
    void nestedCompositionsAreClipsPlayingNests() {
        Edit edit = reader.read(Corpora.root().resolve("otio/nested_example.otio"), ReadOptions.defaults());
        assertTrue(edit.problems().isEmpty(), edit.problems().toString());
        Track top = edit.timeline().tracks().tracks().get(0);
        List<Clip> nestClips = top.clips()
                .filter(c -> c.metadata()
                        .namespace(Edit.NAMESPACE)
                        .get(Edit.NEST_KEY)
                        .isPresent())
                .toList();
        assertEquals(
                List.of("Nested Stack 1", "Nested Stack 2 (with effects)", "Nested Track"),
                nestClips.stream().map(Clip::name).toList());
        // the clip plays the composition's source range; the nest starts at zero at that rate
        Clip nestedTrack = nestClips.get(2);
        assertEquals(TimeRange.of(0, 4, FrameRate.FPS_24), nestedTrack.sourceRange());
        Timeline nest = edit.nests()
                .get(nestedTrack
                        .metadata()
                        .namespace(Edit.NAMESPACE)
                        .string(Edit.NEST_KEY)
                        .orElseThrow());
        assertEquals(0, nest.globalStart().value());
        assertEquals(
                List.of("Clip Inside A Track"),
                nest.tracks().tracks().get(0).clips().map(Clip::name).toList());
        assertInstanceOf(LinearTimeWarp.class, nestClips.get(1).effects().get(0));
    }

    @Test
    void compositionsDeeperThanTheNestingLimitAreKeptAsGaps() {
        String inner = "{\"OTIO_SCHEMA\": \"Gap.1\", \"source_range\": " + range24(0, 5) + "}";
        for (int i = 0; i < Edit.MAX_NESTING + 1; i++) {
            inner = "{\"OTIO_SCHEMA\": \"Stack.1\", \"name\": \"s" + i + "\", \"children\": [" + inner + "]}";
        }
        String json = "{\"OTIO_SCHEMA\": \"Timeline.1\", \"tracks\": {\"OTIO_SCHEMA\": \"Stack.1\", \"children\": ["
                + "{\"OTIO_SCHEMA\": \"Track.1\", \"name\": \"V1\", \"kind\": \"Video\", \"children\": [" + inner
                + "]}]}}";
        Edit edit = reader.read(json.getBytes(StandardCharsets.UTF_8), "deep.otio", ReadOptions.defaults());
        assertEquals(Edit.MAX_NESTING, edit.nests().size());
        assertTrue(
                edit.problems().stream().anyMatch(p -> p.message().contains("deeper than " + Edit.MAX_NESTING)),
                edit.problems().toString());
        assertEquals(5, edit.timeline().duration().value());
    }

    private static String range24(long start, long frames) {
        return "{\"OTIO_SCHEMA\": \"TimeRange.1\", \"start_time\": {\"OTIO_SCHEMA\": \"RationalTime.1\", \"rate\": 24.0,"
                + " \"value\": " + start + "}, \"duration\": {\"OTIO_SCHEMA\": \"RationalTime.1\", \"rate\": 24.0,"
                + " \"value\": " + frames + "}}";
    }

    @Test
    void ntscDoubleRatesBecomeExactRationals() {
        String json = """
                {"OTIO_SCHEMA": "Timeline.1", "name": "t",
                 "global_start_time": {"OTIO_SCHEMA": "RationalTime.1", "rate": 23.976023976023978, "value": 86400.0},
                 "tracks": {"OTIO_SCHEMA": "Stack.1", "children": []}}
                """;
        Timeline t = reader.read(json.getBytes(StandardCharsets.UTF_8), "t.otio", ReadOptions.defaults())
                .timeline();
        assertEquals(FrameRate.FPS_23_976, t.rate());
        assertEquals(86400, t.globalStart().value());
    }

    @Test
    void fractionalFramesAreRoundedLenientlyAndRejectedStrictly() {
        String json = """
                {"OTIO_SCHEMA": "Timeline.1", "name": "t",
                 "global_start_time": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24.0, "value": 10.5},
                 "tracks": {"OTIO_SCHEMA": "Stack.1", "children": []}}
                """;
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Edit edit = reader.read(bytes, "t.otio", ReadOptions.defaults());
        assertEquals(10, edit.timeline().globalStart().value());
        assertEquals(1, edit.problems().size());
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> reader.read(bytes, "t.otio", ReadOptions.defaults().strictly()));
        assertEquals(Reason.PARSE_ERROR, e.reason());
    }
}
