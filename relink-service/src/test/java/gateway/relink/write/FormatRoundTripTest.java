package gateway.relink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.EditReader;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.ale.AleReader;
import gateway.relink.read.cmx.Cmx3600Reader;
import gateway.relink.read.fcp7.Fcp7XmlReader;
import gateway.relink.read.fcpxml.FcpXmlReader;
import gateway.relink.read.otio.OtioJsonReader;
import gateway.relink.write.ale.AleWriter;
import gateway.relink.write.fcp7.Fcp7XmlWriter;
import gateway.relink.write.fcpxml.FcpXmlWriter;
import gateway.relink.write.otio.OtioJsonWriter;
import gateway.testing.Corpora;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every corpus file → model → OTIO JSON → model → its own format → model: every clip keeps its
 * source range and its record range (and its track). EDLs also go through FCP 7 XML and FCPXML.
 */
class FormatRoundTripTest {
    private final OtioJsonReader otioReader = new OtioJsonReader();
    private final OtioJsonWriter otioWriter = new OtioJsonWriter();

    private Timeline viaOtio(Timeline t) {
        String json = otioWriter.write(t);
        return otioReader
                .read(json.getBytes(StandardCharsets.UTF_8), "round.otio", ReadOptions.at(t.rate()))
                .timeline();
    }

    /**
     * Per kind, per track that holds clips: each clip's name, source range (its own time frame) and
     * record range (frames since midnight at the clip's rate).
     */
    static List<String> shape(Timeline t) {
        return shape(t, false);
    }

    /**
     * As {@link #shape(Timeline)}; {@code fcpxml} leaves out what FCPXML cannot hold: clips of no
     * duration, and generators (black) on audio tracks, which it writes as gaps.
     */
    static List<String> shape(Timeline t, boolean fcpxml) {
        List<String> out = new ArrayList<>();
        for (TrackKind kind : TrackKind.values()) {
            int n = 0;
            for (Track track : t.tracks().tracks()) {
                if (track.kind() != kind || track.clips().findAny().isEmpty()) {
                    continue;
                }
                n++;
                for (int i = 0; i < track.items().size(); i++) {
                    Item item = track.items().get(i);
                    if (item instanceof Clip c && !(fcpxml && beyondFcpxml(c, kind))) {
                        TimeRange r = track.rangeOf(i, RoundingMode.HALF_EVEN);
                        RationalTime start = t.globalStart().rescaledTo(r.rate(), RoundingMode.HALF_EVEN);
                        out.add(kind.name().charAt(0) + "" + n + " " + c.name() + " src " + c.sourceRange() + " rec "
                                + r.shiftedBy(start.value()));
                    }
                }
            }
        }
        return out;
    }

    private static boolean beyondFcpxml(Clip c, TrackKind kind) {
        return c.sourceRange().isEmpty()
                || (kind == TrackKind.AUDIO && c.activeReference() instanceof GeneratorReference);
    }

    private void roundTrip(List<Path> files, EditReader reader, Function<Timeline, String> writer, int atLeast) {
        roundTrip(files, reader, writer, atLeast, false);
    }

    private void roundTrip(
            List<Path> files, EditReader reader, Function<Timeline, String> writer, int atLeast, boolean skipEmpty) {
        int checked = 0;
        for (Path p : files) {
            Timeline first = reader.read(p, ReadOptions.defaults()).timeline();
            String written = writer.apply(viaOtio(first));
            Timeline again = reader.read(written.getBytes(StandardCharsets.UTF_8), "again", ReadOptions.defaults())
                    .timeline();
            List<String> expected = shape(first, skipEmpty);
            assertEquals(expected, shape(again, skipEmpty), p + "\n" + written);
            checked += expected.isEmpty() ? 0 : 1;
        }
        assertTrue(checked >= atLeast, "corpus files with clips checked: " + checked);
    }

    @Test
    void fcp7XmlThroughOtioBackToFcp7Xml() {
        List<Path> xmeml = Corpora.files("fcp7xml", ".xml").stream()
                .filter(p -> !p.getFileName().toString().equals("premiere_example_filter.xml")) // a bare <filter>
                .toList();
        roundTrip(xmeml, new Fcp7XmlReader(), new Fcp7XmlWriter()::write, 5);
    }

    @Test
    void fcp7SequenceMarkersSurvive() {
        Fcp7XmlReader reader = new Fcp7XmlReader();
        Timeline first = reader.read(Corpora.root().resolve("fcp7xml/premiere_example.xml"), ReadOptions.defaults())
                .timeline();
        Object markers = first.metadata().namespace("fcp7_xml").get("markers").orElseThrow();
        String xml = new Fcp7XmlWriter().write(viaOtio(first));
        Timeline again = reader.read(xml.getBytes(StandardCharsets.UTF_8), "again.xml", ReadOptions.defaults())
                .timeline();
        assertEquals(
                markers, again.metadata().namespace("fcp7_xml").get("markers").orElseThrow());
    }

    @Test
    void fcpxmlThroughOtioBackToFcpxml() {
        roundTrip(Corpora.files("fcpxml", ".fcpxml"), new FcpXmlReader(), new FcpXmlWriter()::write, 5, true);
    }

    @Test
    void aleThroughOtioBackToAle() {
        roundTrip(Corpora.files("ale", ".ale"), new AleReader(), new AleWriter()::write, 6);
    }

    @Test
    void otioThroughOtioKeepsEveryRange() {
        roundTrip(Corpora.files("otio", ".otio"), otioReader, otioWriter::write, 6);
    }

    private void edlThrough(Function<Timeline, String> writer, EditReader reader, boolean skipEmpty) {
        Cmx3600Reader cmx = new Cmx3600Reader();
        int checked = 0;
        for (Path p : Corpora.allEdls()) {
            ReadOptions at = ReadOptions.at(RoundTripTest.rateOf(p));
            Timeline first = cmx.read(p, at).timeline();
            String written = writer.apply(viaOtio(first));
            Timeline again = reader.read(written.getBytes(StandardCharsets.UTF_8), "again", at)
                    .timeline();
            assertEquals(shape(first, skipEmpty), shape(again, skipEmpty), p + "\n" + written);
            checked++;
        }
        assertTrue(checked >= 29, "every corpus EDL: " + checked);
    }

    @Test
    void everyEdlThroughFcp7Xml() {
        edlThrough(new Fcp7XmlWriter()::write, new Fcp7XmlReader(), false);
    }

    @Test
    void everyEdlThroughFcpxml() {
        edlThrough(new FcpXmlWriter()::write, new FcpXmlReader(), true);
    }
}
