package gateway.index;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Words of clip names, paths and camera tags: runs of letters or digits, lower-cased and folded to
 * ASCII. "A003C012_230101_R1AB.mov" gives a003c012, 230101, r1ab, mov; underscores, dots and slashes
 * separate words the way editors read them (StandardAnalyzer keeps "r1ab.mov" whole).
 */
final class WordAnalyzer extends Analyzer {

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
        TokenStream words = new ASCIIFoldingFilter(new LowerCaseFilter(source));
        return new TokenStreamComponents(source, words);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }

    /** The words of {@code text} as this analyzer indexes them. */
    List<String> words(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = tokenStream("", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new GatewayException(Reason.INTERNAL, "analysing the words of '" + text + "' failed: " + e, e);
        }
        return out;
    }

    /** A word as indexed and where it stands in the text it came from ([start, end) in chars). */
    record Word(String text, int start, int end) {}

    /** The words of {@code text} with their offsets, for marking them in the text. */
    List<Word> wordsWithOffsets(String text) {
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
