package gateway.relink.read.ale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Timeline;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.formats.EditFormats;
import gateway.relink.write.ale.AleWriter;
import gateway.testing.Corpora;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Facts checked by reading the corpus files (the corpora's `ale/` folder, docs/corpora.md). */
class AleReaderTest {
    private final AleReader reader = new AleReader();

    private Edit read(String name) {
        Path p = Corpora.root().resolve("ale").resolve(name);
        assertEquals(EditFormat.ALE, EditFormats.detect(p), name);
        return reader.read(p, ReadOptions.defaults());
    }

    private static List<Clip> clips(Edit e) {
        return e.timeline().tracks().tracks().get(0).clips().toList();
    }

    private static TimeRange range(String start, String end, FrameRate rate) {
        long s = Timecode.parse(start, rate).toFrames();
        return TimeRange.of(s, Timecode.parse(end, rate).toFrames() - s, rate);
    }

    @Test
    void sampleHasFourClipsAt24WithTheirSourceFiles() {
        Edit e = read("sample.ale");
        List<Clip> clips = clips(e);
        assertEquals(4, clips.size());
        assertEquals(FrameRate.FPS_24, e.timeline().rate());
        assertEquals(
                List.of(99L, 100L, 101L, 102L),
                clips.stream().map(c -> c.sourceRange().durationFrames()).toList(),
                "00:00:04:03 .. 00:00:04:06 at 24");
        assertEquals(
                range("01:00:00:00", "01:00:04:03", FrameRate.FPS_24),
                clips.get(0).sourceRange());
        MissingReference ref =
                assertInstanceOf(MissingReference.class, clips.get(0).activeReference());
        assertEquals("test_017056", ref.clipName());
        assertEquals("test_017056.aaf", ref.sourceFile());
        assertEquals("Something", clips.get(3).name());
        assertEquals(0, e.problems().size(), e.problems().toString());
    }

    @Test
    void sample2ReadsHeadingPairsOnOneLineAndShortRows() {
        Edit e = read("sample2.ale");
        List<Clip> clips = clips(e);
        assertEquals(FrameRate.FPS_23_976, e.timeline().rate(), "FPS 23.98");
        assertEquals(2, clips.size());
        assertEquals(
                range("04:00:00:00", "04:00:46:16", FrameRate.FPS_23_976),
                clips.get(0).sourceRange());
        MissingReference ref = (MissingReference) clips.get(0).activeReference();
        assertEquals("3NY004", ref.reel());
        assertEquals("A007C001_140720_R2E4", ref.sourceFile(), "the Filename column");
        assertEquals("19A-1xa", clips.get(0).name());
    }

    @Test
    void uhdBlanksCdlAndNoBlanks() {
        Clip uhd = clips(read("sampleUHD.ale")).get(0);
        assertEquals(range("14:40:02:11", "14:42:22:23", FrameRate.FPS_23_976), uhd.sourceRange());
        assertEquals("A118_C029_1102JR_001.R3D", ((MissingReference) uhd.activeReference()).sourceFile());

        Clip blank = clips(read("sample_blanks.ale")).get(0);
        assertEquals(FrameRate.FPS_25, blank.sourceRange().rate());
        MissingReference b = (MissingReference) blank.activeReference();
        assertEquals("A020E2XZ", b.reel());
        assertTrue(b.path().startsWith("Y:\\Pennrand_CompWorkflow_XXXXXX\\"), b.path());
        assertEquals("A020C003_150905_E2XZ.mov", b.sourceFile());

        List<Clip> cdl = clips(read("sample_cdl.ale"));
        assertEquals(4, cdl.size());
        assertEquals(
                List.of(57L, 153L, 68L, 86L),
                cdl.stream().map(c -> c.sourceRange().durationFrames()).toList(),
                "the Length column agrees with End - Start");
        assertEquals(
                "(0.8714 0.9334 0.9947)(-0.087 -0.0922 -0.0808)(0.9988 1.0218 1.0101)",
                cdl.get(0).metadata().namespace("ale").string("ASC_SOP").orElseThrow());

        List<Clip> six = clips(read("sample_no_blanks.ale"));
        assertEquals(6, six.size());
        assertEquals(
                range("19:42:28:17", "19:44:13:04", FrameRate.FPS_25),
                six.get(0).sourceRange());
        assertEquals(
                Timecode.parse("00:01:44:12", FrameRate.FPS_25).toFrames(),
                six.get(0).sourceRange().durationFrames());
    }

    @Test
    void clipsLieEndToEndOnOneTrack() {
        Timeline t = read("sample_cdl.ale").timeline();
        assertEquals(1, t.tracks().tracks().size());
        assertEquals(57 + 153 + 68 + 86, t.duration().value());
    }

    @Test
    void writerKeepsTheAssetIdAndReaderReadsItBack() {
        Timeline t = read("sampleUHD.ale").timeline();
        Clip c = t.tracks().tracks().get(0).clips().findFirst().orElseThrow();
        Clip tagged = c.withMetadata(c.metadata().withIn("gateway", "asset_id", "0a1b2c3d-asset"));
        Timeline withId = t.withTrack(0, t.tracks().tracks().get(0).withItem(0, tagged));
        String ale = new AleWriter().write(withId);
        assertTrue(ale.contains("\tGateway Asset ID\t"), ale);
        Clip back = reader.read(ale.getBytes(StandardCharsets.UTF_8), "bin.ale", ReadOptions.defaults())
                .timeline()
                .tracks()
                .tracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();
        assertEquals(
                "0a1b2c3d-asset",
                back.metadata().namespace("gateway").string("asset_id").orElseThrow());
        assertEquals(c.sourceRange(), back.sourceRange());
    }

    @Test
    void rowsWithoutTimesAreInvalidEventsOrStrictFailures() {
        String ale = "Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\nName\tStart\tEnd\n\nData\n"
                + "good\t10:00:00:00\t10:00:01:00\nbad\t\t\n";
        Edit e = reader.read(ale.getBytes(StandardCharsets.UTF_8), "x.ale", ReadOptions.at(FrameRate.FPS_25));
        assertEquals(1, clips(e).size());
        assertEquals(1, e.invalidEvents().size());
        assertEquals(10, e.invalidEvents().get(0).line());
        GatewayException strict = assertThrows(
                GatewayException.class,
                () -> reader.read(
                        ale.getBytes(StandardCharsets.UTF_8),
                        "x.ale",
                        ReadOptions.at(FrameRate.FPS_25).strictly()));
        assertEquals(Reason.PARSE_ERROR, strict.reason());
    }
}
