package gateway.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.junit.jupiter.api.Test;

class AssetDocumentTest {
    private final WordAnalyzer analyzer = new WordAnalyzer();

    /** Text beyond ASCII, a word longer than the tokenizer's longest, metadata, no name. */
    private static Manifest unusual() {
        MediaInfo media = new MediaInfo(
                "/media/Crème Brûlée/Straße_" + "X".repeat(300) + ".WAV",
                "wav",
                FrameRate.FPS_25,
                1000,
                Timecode.parse("10:00:00;00", FrameRate.FPS_29_97),
                "Réel 1",
                null,
                List.of(new AudioStream("pcm_s24le", 2, 48000, 24)),
                false,
                new MediaInfo.Camera("Sönÿ", null, " S1 "),
                List.of());
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                3,
                new AssetId("odd-asset-1"),
                new ProjectId("promo"),
                null,
                null,
                media,
                null,
                List.of(),
                Map.of("tags", "Ünter; wide,,", "note", "ﬁne ŉ"),
                null);
    }

    /** The terms a token stream makes, each prefixed with its position increment when that is not 1. */
    private static List<String> terms(TokenStream ts) throws IOException {
        List<String> out = new ArrayList<>();
        try (ts) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute step = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add((step.getPositionIncrement() == 1 ? "" : step.getPositionIncrement() + ":") + term);
            }
            ts.end();
        }
        return out;
    }

    @Test
    void theFreeTextHoldsTheWordsOfEveryPartInOrder() throws IOException {
        Manifest m = unusual();
        String file = "Straße_" + "X".repeat(300) + ".WAV";
        List<String> parts = List.of(
                "Straße_" + "X".repeat(300), // the name: the file name without its extension
                file,
                m.media().path(),
                "Réel 1",
                "Sönÿ S1", // camera make and serial, trimmed
                "pcm_s24le", // no picture: the first audio codec
                "ünter", // the tags, lower-case
                "wide",
                "ﬁne ŉ", // metadata values by key: note, tags
                "Ünter; wide,,",
                "Trailer v2"); // the sequences that use it
        List<String> expected =
                parts.stream().flatMap(p -> analyzer.words(p).stream()).toList();
        Document d = AssetDocument.of(m, List.of("Trailer v2"));
        assertEquals(expected, terms(d.getField(AssetDocument.TEXT).tokenStream(analyzer, null)));
        assertTrue(expected.contains("strasse") && expected.contains("fine"), expected.toString());
    }
}
