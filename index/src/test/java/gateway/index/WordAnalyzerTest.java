package gateway.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WordAnalyzerTest {
    private final WordAnalyzer analyzer = new WordAnalyzer();

    @Test
    void cameraNamesSplitAtEverythingButLettersAndDigits() {
        assertEquals(List.of("a003c012", "230101", "r1ab", "mov"), analyzer.words("A003C012_230101_R1AB.mov"));
        assertEquals(
                List.of(new WordAnalyzer.Word("day01", 1, 6), new WordAnalyzer.Word("a003", 7, 11)),
                analyzer.wordsWithOffsets("/Day01/A003/"));
    }

    @Test
    void theAsciiShortcutMakesExactlyTheWordsOfTheTokenStream() {
        SplittableRandom random = new SplittableRandom(42);
        String alphabet = "aZ09_ ./-\\:;,'\"()[]*?~!\t\nQx";
        for (int n = 0; n < 2_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(n % 100 == 0 ? 700 : 40);
            for (int i = 0; i < length; i++) {
                sb.append(
                        random.nextInt(4) == 0
                                ? (char) random.nextInt(0x20, 0x7f)
                                : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            List<WordAnalyzer.Word> expected = analyzer.wordsByTokenStream(text);
            assertEquals(expected, analyzer.wordsWithOffsets(text), text);
            assertEquals(expected.stream().map(WordAnalyzer.Word::text).toList(), analyzer.words(text), text);
        }
    }

    @Test
    void aRunLongerThanAWordIsCutAsTheTokenizerCutsIt() {
        String run = "A".repeat(600) + " b";
        assertEquals(analyzer.wordsByTokenStream(run), analyzer.wordsWithOffsets(run));
        assertEquals(
                List.of(255, 255, 90, 1),
                analyzer.words(run).stream().map(String::length).toList());
    }

    @Test
    void textBeyondAsciiIsFoldedByTheTokenStream() {
        assertEquals(List.of("creme", "brulee", "strasse"), analyzer.words("Crème_Brûlée Straße"));
    }
}
