package gateway.relink.nest;

import static gateway.relink.nest.Nests.event;
import static gateway.relink.nest.Nests.text;
import static gateway.relink.nest.Nests.trackNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.timeline.Clip;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.fcpxml.FcpXmlReader;
import gateway.testing.Corpora;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FCPXML compound clips ({@code ref-clip} of a {@code media} holding a sequence), flattened. */
class CompoundFlatteningTest {
    private final FcpXmlReader reader = new FcpXmlReader();
    private final Flattener flattener = new Flattener();

    private Edit project() {
        return reader.read(Corpora.root().resolve("fcpxml/fcpx_project.fcpxml"), ReadOptions.defaults());
    }

    @Test
    void theCorpusCompoundIsLaidIntoItsParentAtBothUses() {
        Edit edit = project();
        Timeline compound = edit.nests().get("r10");
        assertEquals("compound_clip_1", compound.name());
        // inside: V1 IMG_0233 [0,300), IMG_0857 [1200,1500) from 157, IMG_0858 [1800,2100); V2 IMG_0268 [600,900)
        assertEquals(
                List.of(
                        "IMG_0233 @0+300 src 0",
                        "gap 900",
                        "IMG_0857 @1200+300 src 157",
                        "gap 300",
                        "IMG_0858 @1800+300 src 0"),
                text(compound.videoTracks().get(0)));

        Timeline t = flattener.flatten(edit).timeline();
        assertEquals(
                List.of(
                        "V1",
                        "V1 ▸ compound 'compound_clip_1' V2",
                        "V2",
                        "V3",
                        "A1",
                        "A1 ▸ compound 'compound_clip_1' A2",
                        "A2",
                        "A2 ▸ compound 'compound_clip_1' A2",
                        "A3",
                        "A4"),
                trackNames(t));
        // the ref-clip at 80s plays compound [109, 1009) (start 10900/3000s, 30s); the one at 140s [57, 357)
        assertEquals(
                List.of(
                        "IMG_0715 @0+300 src 0",
                        "transition 15/15",
                        "gap 2100",
                        "IMG_0233 @2400+191 src 109",
                        "gap 709",
                        "IMG_0233 @3300+300 src 0",
                        "IMG_0687 @3600+300 src 376",
                        "IMG_0268 @3900+300 src 232",
                        "IMG_0233 @4200+243 src 57",
                        "gap 57"),
                text(t.videoTracks().get(0)));
        Track above = t.tracks().tracks().get(1);
        assertEquals(List.of("gap 2891", "IMG_0268 @2891+300 src 0"), text(above), "compound 600 - 109 + 2400");
        // the compound's own sound at 80s shows nothing of compound A1 in [109, 1009): one gap, not three
        assertEquals(
                List.of("gap 3900", "IMG_0268 @3900+300 src 232"),
                text(t.audioTracks().get(0)));
        assertEquals(
                List.of("gap 2400", "IMG_0233 @2400+191 src 109", "gap 301", "IMG_0268 @2892+300 src 0"),
                text(t.audioTracks().get(1)));

        List<Clip> v1 = t.videoTracks().get(0).clips().toList();
        assertEquals(
                List.of("1", "12.1", "13", "15", "17", "18.1"),
                v1.stream().map(Nests::event).toList());
        assertEquals("12.4", event(above.clips().findFirst().orElseThrow()), "the 4th picture clip of the compound");
        assertEquals(
                new NestOrigin("12", "V1", List.of("compound_clip_1"), "compound_clip_1/3", "V2"),
                NestOrigin.of(above.clips().findFirst().orElseThrow().metadata())
                        .orElseThrow());
        // the ref-clip's markers: Marker 7 at compound 109 lands on IMG_0233 (its source 109);
        // Marker 8 at compound 423 falls in the compound's V1 gap: not carried, and said so
        Clip img0233 = v1.get(1);
        assertEquals(
                List.of("Marker 7 @109"),
                img0233.markers().stream()
                        .map(m -> m.name() + " @" + m.markedRange().start().value())
                        .toList());
        assertTrue(flattener.flatten(edit).problems().stream()
                .anyMatch(p -> "12".equals(p.event())
                        && p.message().contains("marker 'Marker 8'")
                        && p.message().contains("not carried")));
    }

    @Test
    void thePremiereCorpusNestIsLaidIntoV2AndA2() {
        Edit edit = new gateway.relink.read.fcp7.Fcp7XmlReader()
                .read(Corpora.root().resolve("fcp7xml/premiere_example.xml"), ReadOptions.defaults());
        Timeline t = flattener.flatten(edit).timeline();
        // clipitem-5 (V2, 636..956) plays sequence-2 [0,320); clipitem-18 (A2, 636..930) its sound [0,294)
        assertEquals(
                List.of("V1", "V2", "V3", "V4", "A1", "A2", "A3", "A4"), trackNames(t), "its empty tracks add none");
        List<String> v2 = text(t.videoTracks().get(1));
        assertEquals(
                List.of("sc01_sh010_anim.mov @636+100 src 0", "sc01_sh030_anim.mov @736+220 src 0"),
                v2.subList(v2.size() - 2, v2.size()));
        List<String> a2 = text(t.audioTracks().get(1));
        assertEquals(List.of("sc01_sh010_anim.mov @636+100 src 0", "gap 194"), a2.subList(a2.size() - 2, a2.size()));
        List<Clip> inner = t.videoTracks().get(1).clips().toList();
        assertEquals("clipitem-5.2", event(inner.get(inner.size() - 1)));
        assertEquals(
                "D:/media/sc01_sh030_anim.mov",
                ((gateway.model.timeline.MissingReference)
                                inner.get(inner.size() - 1).activeReference())
                        .path());
    }

    @Test
    void aCompoundThatHoldsItselfIsRefusedWithTheCycle() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <fcpxml version="1.8"><resources>
                  <format id="f" frameDuration="1/24s" width="1920" height="1080"/>
                  <asset id="a1" name="A001" start="3600s" duration="100s" hasVideo="1" format="f" src="file:///m/A001.mov"/>
                  <media id="m1" name="loop"><sequence format="f" tcStart="0s" duration="10s"><spine>
                    <asset-clip ref="a1" offset="0s" start="3601s" duration="2s" name="A001"/>
                    <ref-clip ref="m1" offset="2s" duration="2s" name="loop again"/>
                  </spine></sequence></media>
                </resources>
                <project name="p"><sequence format="f" tcStart="3600s" duration="10s"><spine>
                  <ref-clip ref="m1" offset="3600s" duration="4s" name="loop"/>
                </spine></sequence></project></fcpxml>
                """;
        Edit edit = reader.read(xml.getBytes(StandardCharsets.UTF_8), "loop.fcpxml", ReadOptions.defaults());
        Edit flat = flattener.flatten(edit);
        Track v1 = flat.timeline().videoTracks().get(0);
        assertEquals(List.of("A001 @0+48 src 86424", "loop again @48+48 src 0"), text(v1));
        Clip loop = v1.clips().toList().get(1);
        assertEquals("1.2", event(loop));
        String reason = loop.metadata()
                .namespace(Edit.NAMESPACE)
                .string(Flattener.REFUSED_KEY)
                .orElseThrow();
        assertEquals("nested sequence 'loop' contains itself (loop ▸ loop): a cycle, not flattened", reason);
    }
}
