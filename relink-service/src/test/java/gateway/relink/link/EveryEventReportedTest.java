package gateway.relink.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.cmx.Cmx3600Reader;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The report's promise: one row per event of the edit. For every corpus EDL the set of event numbers
 * in the link result is the set of event numbers in the list — NONE-channel titles, zero-length
 * events and events that cannot be placed included, each with a status and a reason.
 */
class EveryEventReportedTest {
    private static final Pattern EVENT = Pattern.compile("^\\s*(\\d{1,6})\\s+\\S+\\s+\\S+\\s+(C|D|W\\d+|K[BO]?)\\b");
    private static final ProjectId P = new ProjectId("p");

    private static Set<String> eventsOfList(String text) {
        Set<String> out = new TreeSet<>();
        for (String line : text.split("\\R")) {
            Matcher m = EVENT.matcher(line);
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static Set<String> eventsOfReport(LinkResult r) {
        Set<String> out = new TreeSet<>();
        r.events().forEach(e -> out.add(e.event()));
        return out;
    }

    @Test
    void everyCorpusEdlHasOneRowPerEventNumber() throws IOException {
        List<Path> edls = Corpora.allEdls();
        assertTrue(edls.size() > 10, "corpus EDLs: " + edls.size());
        for (Path edl : edls) {
            String text = new String(Files.readAllBytes(edl), StandardCharsets.ISO_8859_1);
            FrameRate rate = edl.getFileName().toString().startsWith("25fps") ? FrameRate.FPS_25 : FrameRate.FPS_24;
            Edit edit;
            try {
                edit = new Cmx3600Reader().read(edl, ReadOptions.at(rate));
            } catch (gateway.model.error.GatewayException e) {
                continue; // a list the lenient reader refuses as a whole (dissolve_test_fail.edl) has no report
            }
            LinkResult r = new Linker(new InMemoryCatalogue()).link(P, edit, LinkOptions.none());
            assertEquals(
                    eventsOfList(text), eventsOfReport(r), edl.getFileName().toString());
        }
    }

    @Test
    void aNoneChannelTitleIsASkippedRowWithItsReasonAndCounts() {
        String list = """
                TITLE: titles
                FCM: NON-DROP FRAME

                001  A001     V     C        01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00
                002  BL       NONE  C        00:00:00:00 00:00:02:00 01:00:01:00 01:00:03:00
                * FROM CLIP NAME:  Title 01
                003  A002     V     C        02:00:00:00 02:00:01:00 01:00:03:00 01:00:04:00
                004  A002     V     C        02:00:01:00 02:00:01:00 01:00:04:00 01:00:04:00
                """;
        Edit edit = new Cmx3600Reader()
                .read(list.getBytes(StandardCharsets.UTF_8), "titles.edl", ReadOptions.at(FrameRate.FPS_24));
        LinkResult r = new Linker(new InMemoryCatalogue()).link(P, edit, LinkOptions.none());
        assertEquals(Set.of("001", "002", "003", "004"), eventsOfReport(r));
        EventLink title = r.events().stream()
                .filter(e -> e.event().equals("002"))
                .findFirst()
                .orElseThrow();
        assertEquals(LinkStatus.SKIPPED, title.status());
        assertTrue(title.message().startsWith("skipped: no channels"), title.message());
        assertEquals("Title 01", title.clipName());
        assertEquals(1, r.totals().get(LinkStatus.SKIPPED));
        assertEquals(4, r.totals().values().stream().mapToInt(Integer::intValue).sum());
        assertFalse(r.allMatched(), "the other events are unmatched in an empty catalogue");
    }
}
