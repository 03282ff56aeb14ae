package gateway.relink.read.otio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.relink.Corpora;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
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
    void nestedCompositionsKeepTheirTimeAsGaps() {
        Edit edit = reader.read(Corpora.root().resolve("otio/nested_example.otio"), ReadOptions.defaults());
        assertEquals(3, edit.problems().size(), edit.problems().toString());
        Track top = edit.timeline().tracks().tracks().get(0);
        long nested = top.items().stream()
                .filter(i -> i instanceof Gap g
                        && g.metadata().namespace("gateway").get("nested").isPresent())
                .count();
        assertEquals(3, nested);
        assertInstanceOf(
                Gap.class,
                top.items().stream()
                        .filter(i -> i.metadata()
                                .namespace("gateway")
                                .string("nested_name")
                                .orElse("")
                                .equals("Nested Track"))
                        .findFirst()
                        .orElseThrow());
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
