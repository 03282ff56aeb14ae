package gateway.relink.consolidate;

import static gateway.relink.consolidate.Cut.PROJECT;
import static gateway.relink.consolidate.Cut.R24;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.Manifest;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.relink.link.EventLink;
import gateway.relink.link.InMemoryCatalogue;
import gateway.relink.link.LinkOptions;
import gateway.relink.link.LinkResult;
import gateway.relink.link.LinkStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsolidationPlanTest {
    @TempDir
    Path dir;

    private final InMemoryCatalogue catalogue = new InMemoryCatalogue();

    /** Files in a folder named nas1 are on /mnt/nas1, the rest on /mnt/raid. */
    private static final StorageLocations TWO_SHARES = file ->
            file.getParent().getFileName().toString().equals("nas1") ? Path.of("/mnt/nas1") : Path.of("/mnt/raid");

    /** A sparse file of {@code size} bytes standing in for a camera original. */
    private Path original(String folder, String name, long size) throws IOException {
        Path p = dir.resolve(folder).resolve(name);
        Files.createDirectories(p.getParent());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p;
    }

    private Manifest add(Path file, String reel, FrameRate rate, String start, long frames) {
        return catalogue.add(PROJECT.value(), file.toString(), reel, rate, start, frames);
    }

    private ConsolidationPlan plan(LinkResult linked, int handles) {
        return ConsolidationPlan.of(PROJECT, linked, catalogue, handles, dir.resolve("trimmed"), TWO_SHARES);
    }

    private static List<long[]> ranges(ConsolidationPlan plan, Manifest m) {
        return plan.trims().stream()
                .filter(t -> t.assetId().equals(m.assetId()))
                .map(t -> new long[] {t.startFrame(), t.endFrameExclusive()})
                .toList();
    }

    private static void assertRanges(List<long[]> expected, List<long[]> actual) {
        assertEquals(expected.size(), actual.size(), "number of ranges");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i)[0], actual.get(i)[0], "start of range " + i);
            assertEquals(expected.get(i)[1], actual.get(i)[1], "end of range " + i);
        }
    }

    @Test
    void handlesMergeNearbyRangesAndClampAtBothEndsOfTheFile() throws IOException {
        // 100 s at 24 fps from 01:00:00:00, 1 MB a frame
        Manifest a = add(original("nas1", "A001C003.mov", 2_400_000_000L), "A001C003", R24, "01:00:00:00", 2400);
        Cut cut = new Cut()
                .add("A001C003", "01:00:10:00", "01:00:12:00") // file [240, 288)
                .add("A001C003", "01:00:13:00", "01:00:14:00") // file [312, 336): 24 = 2 x 12 frames after
                .add("A001C003", "01:00:50:00", "01:00:51:00") // file [1200, 1224)
                .add("A001C003", "01:00:00:11", "01:00:00:17") // file [11, 17): one frame short of 12 handles
                .add("A001C003", "01:01:39:10", "01:01:40:00"); // file [2386, 2400): the last frames
        LinkResult linked = cut.link(catalogue, new LinkOptions(12));
        assertEquals(LinkStatus.SHORT_HANDLES, linked.events().get(3).status());
        assertTrue(linked.events().get(3).message().contains("short by 1 frame at the head"));
        assertEquals(LinkStatus.SHORT_HANDLES, linked.events().get(4).status());

        ConsolidationPlan plan = plan(linked, 12);
        assertRanges(
                List.of(new long[] {0, 29}, new long[] {228, 348}, new long[] {1188, 1236}, new long[] {2374, 2400}),
                ranges(plan, a));
        assertTrue(plan.unconsolidated().isEmpty(), plan.unconsolidated().toString());

        TrimRange second = plan.trims().get(1);
        assertEquals(Timecode.parse("01:00:09:12", R24), second.startTimecode());
        assertEquals(TimeRange.of(86400 + 228, 120, R24), second.sourceRange());
        assertEquals(dir.resolve("trimmed/A001C003_01000912.mov"), second.output());
        assertEquals(120_000_000L, second.bytesEstimate(), "size x frames / total frames");
        assertEquals(4, plan.trims().stream().map(TrimRange::output).distinct().count(), "one name per range");
        assertEquals(
                dir.resolve("trimmed/A001C003_01000000.mov"),
                plan.trims().get(0).output());

        assertEquals(1, plan.locations().size());
        LocationTotal nas = plan.locations().get(0);
        assertEquals(Path.of("/mnt/nas1"), nas.location());
        assertEquals(1, nas.originals());
        assertEquals(4, nas.trims());
        assertEquals(29 + 120 + 48 + 26, nas.frames());
        assertEquals((29 + 120 + 48 + 26) * 1_000_000L, nas.bytesEstimate());
    }

    @Test
    void rangesFartherApartThanTwiceTheHandlesStaySeparate() throws IOException {
        Manifest a = add(original("nas1", "A.mov", 2400), "A001", R24, "01:00:00:00", 2400);
        LinkResult linked = new Cut()
                .add("A001", "01:00:10:00", "01:00:12:00") // [240, 288)
                .add("A001", "01:00:13:01", "01:00:14:00") // [313, 336): 25 frames after, handles 12
                .link(catalogue, new LinkOptions(12));
        assertRanges(List.of(new long[] {228, 300}, new long[] {301, 348}), ranges(plan(linked, 12), a));
        assertRanges(List.of(new long[] {227, 349}), ranges(plan(linked, 13), a));
        assertRanges(List.of(new long[] {240, 288}, new long[] {313, 336}), ranges(plan(linked, 0), a));
    }

    @Test
    void otherRatesAreConvertedWideningNeverNarrowing() throws IOException {
        // 48 fps original under a 24 fps edit: exact, handles 12 at 24 are 24 at 48
        Manifest c = add(original("raid", "C001.mov", 4800), "C001", FrameRate.FPS_48, "02:00:00:00", 4800);
        // 23.976 original under a 24 fps edit: a rate mismatch, read by its timecode labels
        Manifest d = add(original("raid", "D001.mov", 2400), "D001", FrameRate.FPS_23_976, "03:00:00:00", 2400);
        // 25 fps original under a 24 fps edit: a rate mismatch, moved in time with outward rounding
        Manifest e = add(original("raid", "E001.mov", 2500), "E001", FrameRate.FPS_25, "03:59:59:00", 2500);
        LinkResult linked = new Cut()
                .add("C001", "02:00:01:00", "02:00:02:00")
                .add("D001", "03:00:02:00", "03:00:03:00")
                .add("E001", "04:00:00:10", "04:00:01:00")
                .link(catalogue, new LinkOptions(12));
        assertEquals(LinkStatus.MATCHED, linked.events().get(0).status());
        assertEquals(LinkStatus.RATE_MISMATCH, linked.events().get(1).status());
        assertEquals(LinkStatus.RATE_MISMATCH, linked.events().get(2).status());

        ConsolidationPlan plan = plan(linked, 12);
        // [48, 96) at 48 fps, 24 frames of handles each side
        assertRanges(List.of(new long[] {24, 120}), ranges(plan, c));
        // labels 03:00:02:00-03:00:03:00 are file frames [48, 72); 12 frames at 24 are 11.99 at 23.976: 12
        assertRanges(List.of(new long[] {36, 84}), ranges(plan, d));
        // 04:00:00:10 at 24 is 14400.4166 s: frame 360010.41 at 25, 35.41 into the file -> 35 (not 36);
        // the end 04:00:01:00 is 360025 -> 50; 12 frames at 24 are 12.5 at 25 -> 13
        assertRanges(List.of(new long[] {22, 63}), ranges(plan, e));
        TrimRange et = plan.trims().stream()
                .filter(t -> t.assetId().equals(e.assetId()))
                .findFirst()
                .orElseThrow();
        assertEquals(FrameRate.FPS_25, et.rate());
        assertEquals(Timecode.parse("03:59:59:22", FrameRate.FPS_25), et.startTimecode());
        assertEquals(dir.resolve("trimmed/E001_03595922.mov"), et.output());
        assertEquals(41, et.bytesEstimate(), "2500 bytes x 41 frames / 2500 frames");
    }

    @Test
    void bytesAreTotalledPerStorageLocation() throws IOException {
        Manifest a = add(original("nas1", "A.mov", 1_200_000_000L), "A001", R24, "01:00:00:00", 1200);
        Manifest b = add(original("nas1", "B.mov", 3_000_000_000L), "B001", R24, "02:00:00:00", 1000);
        Manifest c = add(original("raid", "C.mov", 800_000_000L), "C001", R24, "03:00:00:00", 800);
        LinkResult linked = new Cut()
                .add("A001", "01:00:00:00", "01:00:50:00") // all 1200 frames of A
                .add("B001", "02:00:00:00", "02:00:10:00") // 240 of B's 1000 frames
                .add("B001", "02:00:30:00", "02:00:40:00") // 240 more, far away: a second trim
                .add("C001", "03:00:00:00", "03:00:16:16") // 400 of C's 800 frames
                .link(catalogue, new LinkOptions(0));
        ConsolidationPlan plan = plan(linked, 0);
        assertEquals(4, plan.trims().size());
        assertEquals(2, ranges(plan, b).size());
        assertEquals(1, ranges(plan, a).size());
        assertEquals(1, ranges(plan, c).size());

        LocationTotal nas = plan.locations().get(0);
        LocationTotal raid = plan.locations().get(1);
        assertEquals(Path.of("/mnt/nas1"), nas.location());
        assertEquals(2, nas.originals());
        assertEquals(3, nas.trims());
        assertEquals(1_200_000_000L + 2 * 720_000_000L, nas.bytesEstimate());
        assertEquals(Path.of("/mnt/raid"), raid.location());
        assertEquals(1, raid.originals());
        assertEquals(400_000_000L, raid.bytesEstimate());
        assertEquals(3_040_000_000L, plan.bytesEstimate());
        assertEquals("restore 2.6 GB from /mnt/nas1 (2 files), 400 MB from /mnt/raid (1 file)", plan.summary());
    }

    @Test
    void withAnEgressPlanTheSummaryNamesTheTiersAndTheBytesTheirRestoreMoves() {
        gateway.model.storage.StorageTier archive =
                new gateway.model.storage.StorageTier("archive", 100_000_000L, java.math.BigDecimal.ONE, p -> null);
        gateway.model.storage.StorageTier nas =
                new gateway.model.storage.StorageTier("/mnt/nas1", 100_000_000L, java.math.BigDecimal.ZERO, p -> null);
        gateway.model.storage.EgressPlan egress = gateway.model.storage.EgressPlan.of(List.of(
                new gateway.model.storage.EgressPlan.Original("A.mov", archive, 12_000_000L, 400_000_000L, null),
                new gateway.model.storage.EgressPlan.Original("B.mov", archive, 3_000_000L, 100_000_000L, null),
                new gateway.model.storage.EgressPlan.Original("C.mov", nas, 720L, 720L, "no index")));
        ConsolidationPlan plan =
                new ConsolidationPlan(12, Path.of("media"), List.of(), List.of(), List.of()).withEgress(egress);
        assertEquals("restore 15 MB from tier archive (2 files), 720 B from /mnt/nas1 (1 file)", plan.summary());
    }

    @Test
    void eventsWithoutAnUsableOriginalAreListedWithTheReason() throws IOException {
        add(original("nas1", "A.mov", 2400), "A001", R24, "01:00:00:00", 2400);
        add(original("nas1", "B1.mov", 2400), "B001", R24, "02:00:00:00", 2400);
        add(original("raid", "B2.mov", 2400), "B001", R24, "02:00:00:00", 2400);
        Manifest gone = add(dir.resolve("offline/F.mov"), "F001", R24, "05:00:00:00", 2400);
        add(original("raid", "G.mov", 2400), "G001", R24, "06:00:00:00", 240);
        LinkResult linked = new Cut()
                .add("A001", "01:00:01:00", "01:00:02:00")
                .add("ZZ999", "01:00:00:00", "01:00:01:00") // unmatched
                .add("B001", "02:00:01:00", "02:00:02:00") // ambiguous
                .add("F001", "05:00:01:00", "05:00:02:00") // matched, but the file is not there
                .add("G001", "06:00:20:00", "06:00:21:00") // out of range
                .link(catalogue, new LinkOptions(0));
        ConsolidationPlan plan = plan(linked, 0);
        assertEquals(1, plan.trims().size());
        List<Unconsolidated> skipped = plan.unconsolidated();
        assertEquals(
                List.of("002", "003", "004", "005"),
                skipped.stream().map(Unconsolidated::event).toList());
        assertEquals(LinkStatus.UNMATCHED, skipped.get(0).status());
        assertNull(skipped.get(0).assetId());
        assertTrue(
                skipped.get(0).reason().contains("no original was chosen (unmatched)"),
                skipped.get(0).reason());
        assertTrue(
                skipped.get(1).reason().contains("(ambiguous)"), skipped.get(1).reason());
        assertEquals(gone.assetId().value(), skipped.get(2).assetId());
        assertTrue(
                skipped.get(2).reason().contains("is not on disk"),
                skipped.get(2).reason());
        assertEquals(LinkStatus.OUT_OF_RANGE, skipped.get(3).status());
        assertTrue(
                skipped.get(3).reason().contains("does not hold the frames"),
                skipped.get(3).reason());
    }

    @Test
    void twoOriginalsWithOneNameGetTwoOutputNames() throws IOException {
        Manifest x1 = add(original("nas1", "X.mov", 2400), "X1", R24, "05:00:00:00", 2400);
        Manifest x2 = add(original("raid", "X.mov", 2400), "X2", R24, "05:00:00:00", 2400);
        LinkResult linked = new Cut()
                .add("X1", "05:00:01:00", "05:00:02:00")
                .add("X2", "05:00:01:00", "05:00:02:00")
                .link(catalogue, new LinkOptions(0));
        ConsolidationPlan plan = plan(linked, 0);
        assertEquals(2, plan.trims().size());
        assertEquals(dir.resolve("trimmed/X_05000100.mov"), plan.trims().get(0).output());
        assertEquals(x1.assetId(), plan.trims().get(0).assetId());
        assertNotEquals(plan.trims().get(0).output(), plan.trims().get(1).output());
        assertEquals(
                dir.resolve("trimmed/X_05000100_" + x2.assetId().value().substring(0, 8) + ".mov"),
                plan.trims().get(1).output());
    }

    @Test
    void aGeneratorNeedsNothingAndAnEmptyPlanRestoresNothing() {
        ConsolidationPlan plan = plan(new LinkResult(Cut.emptyTimeline(), List.<EventLink>of()), 12);
        assertTrue(plan.trims().isEmpty());
        assertEquals("nothing to restore", plan.summary());
        assertEquals(0, plan.bytesEstimate());
    }
}
