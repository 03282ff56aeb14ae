package gateway.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {
    private final WordAnalyzer analyzer = new WordAnalyzer();

    /** Every token as "increment:term[start,end)", then the final offset: what indexing records. */
    private static List<String> tokens(TokenStream ts) throws IOException {
        List<String> out = new ArrayList<>();
        try (ts) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute step = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(step.getPositionIncrement() + ":" + term + "[" + offset.startOffset() + "," + offset.endOffset()
                        + ")");
            }
            ts.end();
            out.add("end " + offset.endOffset() + " +" + step.getPositionIncrement());
        }
        return out;
    }

    private static List<String> byDefinition(String text) throws IOException {
        Tokenizer source = WordTokenizer.definitionSource();
        source.setReader(new StringReader(text));
        return tokens(WordTokenizer.definition(source));
    }

    private static String randomText(SplittableRandom random, int n, boolean beyondAscii) {
        String alphabet = "aZ09_ ./-\\:;,'\"()[]*?~!\t\nQx";
        String[] wide = {"é", "ß", "Ü", "ﬁ", "ŉ", "Ø", "ж", "字", "\uD835\uDC00", "\u00A0", "٣", "ǅ"};
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(n % 50 == 0 ? 700 : 40);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(8);
            if (beyondAscii && pick == 0) {
                sb.append(wide[random.nextInt(wide.length)]);
            } else if (pick == 1) {
                sb.append((char) random.nextInt(0x00, 0x80));
            } else {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }

    @Test
    void makesTheTokensOfTheDefinitionWithTheSamePositionsAndOffsets() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 3_000; n++) {
            String text = randomText(random, n, n % 3 == 0);
            // the analyzer's stream is reused from one text to the next, ASCII or not, as indexing reuses it
            assertEquals(byDefinition(text), tokens(analyzer.tokenStream("text", text)), text);
        }
    }

    @Test
    void cutsLongRunsAndFoldsLikeTheDefinition() throws IOException {
        for (String text : List.of(
                "A".repeat(600) + " b",
                "x".repeat(255) + "Y",
                "Crème_Brûlée Straße",
                "ﬁne ŉ",
                "",
                "  ",
                "A003C012_230101_R1AB.mov",
                "É".repeat(300),
                "/media/Crème Brûlée/Straße_" + "X".repeat(300) + ".WAV")) {
            assertEquals(byDefinition(text), tokens(analyzer.tokenStream("text", text)), text);
        }
        assertEquals(
                List.of("1:a003c012[0,8)", "1:230101[9,15)", "1:r1ab[16,20)", "1:mov[21,24)", "end 24 +0"),
                tokens(analyzer.tokenStream("text", "A003C012_230101_R1AB.mov")));
    }

    @Test
    void aTextLongerThanTheBufferIsReadWhole() throws IOException {
        String text = ("Day01/A003C012_" + "é".repeat(3) + " ").repeat(2_000);
        assertEquals(byDefinition(text), tokens(analyzer.tokenStream("text", text)));
        String ascii = "Day01/A003C012_x ".repeat(5_000);
        assertEquals(byDefinition(ascii), tokens(analyzer.tokenStream("text", ascii)));
    }
}
