package gateway.index;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Words of clip names, paths and camera tags: runs of letters or digits, lower-cased and folded to
 * ASCII. "A003C012_230101_R1AB.mov" gives a003c012, 230101, r1ab, mov; underscores, dots and slashes
 * separate words the way editors read them (StandardAnalyzer keeps "r1ab.mov" whole).
 */
final class WordAnalyzer extends Analyzer {

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        // WordTokenizer.definition's words, in one pass for ASCII text
        return new TokenStreamComponents(new WordTokenizer());
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }

    /** CharTokenizer's default: a longer run of letters and digits is cut into words of this length. */
    private static final int MAX_WORD = WordTokenizer.MAX_WORD;

    /** The words of {@code text} as this analyzer indexes them. */
    List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (isAscii(text)) {
            asciiWords(text, (start, end) -> out.add(lowerAscii(text, start, end)));
        } else {
            wordsByTokenStream(text).forEach(w -> out.add(w.text()));
        }
        return out;
    }

    /** A word as indexed and where it stands in the text it came from ([start, end) in chars). */
    record Word(String text, int start, int end) {}

    /** The words of {@code text} with their offsets, for marking them in the text. */
    List<Word> wordsWithOffsets(String text) {
        if (!isAscii(text)) {
            return wordsByTokenStream(text);
        }
        List<Word> out = new ArrayList<>();
        asciiWords(text, (start, end) -> out.add(new Word(lowerAscii(text, start, end), start, end)));
        return out;
    }

    // ---- the same words without a token stream, for text that is all ASCII (nearly every name) ----
    // Letters and digits are [A-Za-z0-9] there, lower-casing is ASCII's and folding to ASCII changes
    // nothing, so the words are the runs of those characters, lower-cased, cut every MAX_WORD chars.

    private interface WordSink {
        void word(int start, int end);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static void asciiWords(String text, WordSink sink) {
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean wordChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (wordChar) {
                if (start < 0) {
                    start = i;
                }
                if (i + 1 - start == MAX_WORD) {
                    sink.word(start, i + 1);
                    start = -1;
                }
            } else if (start >= 0) {
                sink.word(start, i);
                start = -1;
            }
        }
        if (start >= 0) {
            sink.word(start, text.length());
        }
    }

    private static String lowerAscii(String text, int start, int end) {
        char[] out = new char[end - start];
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            out[i - start] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return new String(out);
    }

    /** The words as the token stream makes them, whatever the text: what the ASCII shortcut must equal. */
    List<Word> wordsByTokenStream(String text) {
        List<Word> out = new ArrayList<>();
        try (TokenStream ts = tokenStream("", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(new Word(term.toString(), offset.startOffset(), offset.endOffset()));
            }
            ts.end();
        } catch (IOException e) {
            throw new GatewayException(Reason.INTERNAL, "analysing the words of '" + text + "' failed: " + e, e);
        }
        return out;
    }
}
