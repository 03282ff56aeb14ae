package gateway.relink.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.Thumbnails;
import gateway.model.time.FrameRate;
import gateway.relink.Conform;
import gateway.relink.ConformRequest;
import gateway.relink.ConformResult;
import gateway.relink.TargetFormat;
import gateway.relink.link.InMemoryCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPicturesTest {
    private static final FrameRate R24 = FrameRate.FPS_24;
    private static final ProjectId SHOW = new ProjectId("show");

    @TempDir
    Path dir;

    private final InMemoryCatalogue catalogue = new InMemoryCatalogue();

    @Test
    void eachRowShowsTheThumbnailAtOrBeforeItsSourceIn() throws IOException {
        ManifestStore store = new ManifestStore(dir.resolve("store"));
        withThumbnails(
                store,
                catalogue.add("show", "/media/A001C003.mov", "A001C003", R24, "01:00:00:00", 24 * 60),
                List.of(0L, 48L, 96L),
                frame -> ("picture at " + frame).getBytes(StandardCharsets.UTF_8));
        catalogue.add("show", "/media/B001C001.mov", "B001", R24, "02:00:00:00", 24 * 60); // no thumbnails
        // event 1 starts at A001C003 frame 60 (02:12): the thumbnail of frame 48; event 2 at frame 0;
        // event 3 is B001 (no thumbnails); event 4 is missing
        String html = conform(store, """
                TITLE: pictures
                001  A001C003 V     C        01:00:02:12 01:00:03:00 01:00:00:00 01:00:00:12
                002  A001C003 V     C        01:00:00:00 01:00:01:00 01:00:00:12 01:00:01:12
                003  B001     V     C        02:00:00:00 02:00:01:00 01:00:01:12 01:00:02:12
                004  Z999     V     C        03:00:00:00 03:00:01:00 01:00:02:12 01:00:03:12
                """);
        assertTrue(html.contains("<th>picture</th>"), html);
        String at48 = Base64.getEncoder().encodeToString("picture at 48".getBytes(StandardCharsets.UTF_8));
        String at0 = Base64.getEncoder().encodeToString("picture at 0".getBytes(StandardCharsets.UTF_8));
        assertTrue(html.contains(".p0{background-image:url(data:image/jpeg;base64," + at48 + ")}"), html);
        assertTrue(html.contains(".p1{background-image:url(data:image/jpeg;base64," + at0 + ")}"), html);
        assertFalse(html.contains(".p2{"), "two distinct pictures, each embedded once");
        assertEquals(
                List.of(
                        "<td><div class=\"pic p0\"></div></td>",
                        "<td><div class=\"pic p1\"></div></td>",
                        "<td></td>",
                        "<td></td>"),
                firstCells(html));
    }

    @Test
    void picturesStopAtTheReportsByteLimitAndTheReportSaysSo() throws IOException {
        ManifestStore store = new ManifestStore(dir.resolve("store"));
        int shots = (int) (ReportPictures.MAX_BYTES / (1 << 20)) + 1;
        StringBuilder edl = new StringBuilder("TITLE: big pictures\n");
        for (int i = 0; i < shots; i++) {
            String reel = "R" + (100 + i);
            withThumbnails(
                    store,
                    catalogue.add("show", "/media/" + reel + ".mov", reel, R24, "01:00:00:00", 24 * 60),
                    List.of(0L),
                    frame -> filled(1 << 20));
            edl.append(String.format(
                    "%03d  %s     V     C        01:00:00:00 01:00:01:00 01:00:%02d:00 01:00:%02d:00%n",
                    i + 1, reel, i, i + 1));
        }
        String html = conform(store, edl.toString());
        List<String> cells = firstCells(html);
        assertEquals(shots, cells.size());
        assertEquals(shots - 1, cells.stream().filter(c -> c.contains("pic")).count(), html.substring(0, 400));
        assertEquals("<td></td>", cells.get(shots - 1));
        assertTrue(html.contains("Pictures are shown for the first " + (shots - 1) + " distinct shots only"));
    }

    private String conform(ManifestStore store, String edl) throws IOException {
        Path edit = Files.writeString(dir.resolve("cut.edl"), edl);
        ConformResult r = new Conform(catalogue)
                .withPicturesFrom(store)
                .conform(new ConformRequest(edit, SHOW, dir.resolve("out"), R24, false, 0, TargetFormat.OTIO));
        return Files.readString(r.reportHtml());
    }

    /** {@code m} with a thumbnail file (and rendition) for each of {@code frames} in the store. */
    private Manifest withThumbnails(
            ManifestStore store, Manifest m, List<Long> frames, java.util.function.LongFunction<byte[]> content)
            throws IOException {
        List<Rendition> renditions = new ArrayList<>(m.renditions());
        for (long f : frames) {
            String path = String.format("thumbs/%08d.jpg", f);
            Path file = store.assetDir(SHOW, m.assetId()).resolve(path);
            Files.createDirectories(file.getParent());
            byte[] bytes = content.apply(f);
            Files.write(file, bytes);
            renditions.add(new Rendition(Thumbnails.PROFILE, path, "image/jpeg", bytes.length, new Checksums("", "")));
        }
        return catalogue.replace(m.withRenditions(renditions));
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'j');
        return b;
    }

    /** The first cell of every event row. */
    private static List<String> firstCells(String html) {
        List<String> out = new ArrayList<>();
        for (String row : html.split("<tr class=\"")) {
            int td = row.indexOf("<td>");
            if (td > 0 && !row.startsWith("<")) {
                out.add(row.substring(td, row.indexOf("</td>", td) + 5));
            }
        }
        return out;
    }
}
