package gateway.relink.consolidate;

import static gateway.relink.consolidate.Cut.PROJECT;
import static gateway.relink.consolidate.Cut.R24;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.Manifest;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Timeline;
import gateway.relink.link.InMemoryCatalogue;
import gateway.relink.link.LinkOptions;
import gateway.relink.link.LinkResult;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.otio.OtioJsonReader;
import gateway.relink.write.otio.OtioJsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelinkTest {
    @TempDir
    Path dir;

    private final InMemoryCatalogue catalogue = new InMemoryCatalogue();

    private Manifest add(String name, String reel, String start) throws IOException {
        Path file = Files.createDirectories(dir.resolve("media")).resolve(name);
        Files.write(file, new byte[2400]);
        return catalogue.add(PROJECT.value(), file.toString(), reel, R24, start, 2400);
    }

    private static ExternalReference original(Clip c) {
        return assertInstanceOf(
                ExternalReference.class, c.reference(Representation.ORIGINAL).orElseThrow());
    }

    @Test
    void everyClipPlaysItsTrimmedFileWithTheSameSourceRange() throws IOException {
        Manifest a = add("A001C003.mov", "A001", "01:00:00:00");
        Manifest b = add("B001C001.mov", "B001", "02:00:00:00");
        LinkResult linked = new Cut()
                .add("A001", "01:00:10:00", "01:00:12:00")
                .add("B001", "02:00:05:00", "02:00:06:00")
                .add("A001", "01:00:12:10", "01:00:13:00") // merges with the first: same trim
                .add("ZZ999", "01:00:00:00", "01:00:01:00") // unmatched: nothing to relink
                .add("A001", "01:00:50:00", "01:00:51:00") // a trim of its own
                .link(catalogue, new LinkOptions(12));
        ConsolidationPlan plan = ConsolidationPlan.of(PROJECT, linked, catalogue, 12, dir.resolve("trimmed"));
        assertEquals(3, plan.trims().size());

        // the trimmer made every file but B's
        Map<TrimRange, Path> made = new LinkedHashMap<>();
        for (TrimRange t : plan.trims()) {
            if (t.assetId().equals(a.assetId())) {
                made.put(t, dir.resolve("made").resolve(t.output().getFileName()));
            }
        }
        Timeline conformed = linked.timeline();
        Timeline relinked = plan.relink(conformed, made);

        List<Item> before = conformed.tracks().tracks().get(0).items();
        List<Item> after = relinked.tracks().tracks().get(0).items();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            Clip was = (Clip) before.get(i);
            Clip is = (Clip) after.get(i);
            assertEquals(was.sourceRange(), is.sourceRange(), "clip " + i + " plays the same frames");
            assertEquals(was.name(), is.name());
            assertEquals(was.active(), is.active());
        }
        List<TrimRange> ofA = plan.trims().stream()
                .filter(t -> t.assetId().equals(a.assetId()))
                .toList();
        assertEquals(List.of(plan.trims().get(0), plan.trims().get(1)), ofA, "A's trims first, by start frame");
        TrimRange first = ofA.get(0);
        TrimRange last = ofA.get(1);
        for (int i : new int[] {0, 2}) {
            ExternalReference ref = original((Clip) after.get(i));
            assertEquals(made.get(first).toAbsolutePath().toString(), ref.target());
            assertEquals(first.sourceRange(), ref.available());
            assertTrue(ref.available().contains(((Clip) after.get(i)).sourceRange()));
            assertEquals(
                    a.originalPath(),
                    ref.metadata()
                            .namespace("gateway")
                            .string("consolidated_from")
                            .orElseThrow());
            assertEquals(
                    a.assetId().value(),
                    ref.metadata().namespace("gateway").string("asset_id").orElseThrow());
        }
        assertEquals(
                made.get(last).toAbsolutePath().toString(),
                original((Clip) after.get(4)).target());
        assertEquals(last.sourceRange(), original((Clip) after.get(4)).available());
        assertEquals(b.originalPath(), original((Clip) after.get(1)).target(), "B's trim was not made");
        assertSame(before.get(3), after.get(3), "the unmatched clip is untouched");

        // the relinked timeline survives OTIO: what the NLE opens next to the media
        String otio = new OtioJsonWriter().write(relinked);
        Timeline read = new OtioJsonReader()
                .read(otio.getBytes(StandardCharsets.UTF_8), "c.otio", ReadOptions.at(R24))
                .timeline();
        Clip readFirst = (Clip) read.tracks().tracks().get(0).items().get(0);
        assertEquals(
                made.get(first).toAbsolutePath().toString(), original(readFirst).target());
        assertEquals(first.sourceRange(), original(readFirst).available());
        assertEquals(((Clip) before.get(0)).sourceRange(), readFirst.sourceRange());
    }

    @Test
    void withoutAMapEveryClipGoesToItsPlannedOutput() throws IOException {
        add("A001C003.mov", "A001", "01:00:00:00");
        LinkResult linked = new Cut().add("A001", "01:00:10:00", "01:00:12:00").link(catalogue, new LinkOptions(0));
        ConsolidationPlan plan = ConsolidationPlan.of(PROJECT, linked, catalogue, 0, dir.resolve("trimmed"));
        Clip clip = (Clip)
                plan.relink(linked.timeline()).tracks().tracks().get(0).items().get(0);
        assertEquals(
                dir.resolve("trimmed/A001C003_01001000.mov").toAbsolutePath().toString(),
                original(clip).target());
    }
}
