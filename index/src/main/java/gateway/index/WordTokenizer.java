package gateway.index;

import java.io.CharArrayReader;
import java.io.IOException;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.apache.lucene.util.ArrayUtil;

/**
 * {@link WordAnalyzer}'s words in one pass: the same tokens as its {@linkplain #definition
 * definition} (runs of letters or digits, lower-cased, folded to ASCII) with the same positions and
 * offsets. Text that is all ASCII (nearly every name, path and tag) is split and lower-cased here,
 * without the three stages of the definition; text with anything else goes through the definition
 * itself. Indexing every asset runs this over its text fields, so the shortcut is most of what
 * analysis costs.
 */
final class WordTokenizer extends Tokenizer {
    /** CharTokenizer's default: a longer run of letters and digits is cut into words of this length. */
    static final int MAX_WORD = CharTokenizer.DEFAULT_MAX_WORD_LEN;

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute step = addAttribute(PositionIncrementAttribute.class);

    /** The definition, for text beyond ASCII: its own source and attributes, fed with the buffered text. */
    private final Tokenizer slowSource = definitionSource();

    private final TokenStream slow = definition(slowSource);
    private final CharTermAttribute slowTerm = slow.addAttribute(CharTermAttribute.class);
    private final OffsetAttribute slowOffset = slow.addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute slowStep = slow.addAttribute(PositionIncrementAttribute.class);

    private char[] text = new char[256];
    private int length;
    private int next;
    private boolean ascii;
    private boolean slowOpen;

    /** The words' definition: letters or digits, lower-cased, then folded to ASCII, over {@code source}. */
    static TokenStream definition(Tokenizer source) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(source));
    }

    static Tokenizer definitionSource() {
        return CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        length = 0;
        next = 0;
        for (int n; (n = input.read(text, length, text.length - length)) != -1; ) {
            length += n;
            if (length == text.length) {
                text = ArrayUtil.grow(text, length + 1);
            }
        }
        ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = text[i] < 0x80;
        }
        if (!ascii) {
            slowSource.setReader(new CharArrayReader(text, 0, length));
            slow.reset();
            slowOpen = true;
        }
    }

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        if (!ascii) {
            if (!slow.incrementToken()) {
                return false;
            }
            term.copyBuffer(slowTerm.buffer(), 0, slowTerm.length());
            offset.setOffset(correctOffset(slowOffset.startOffset()), correctOffset(slowOffset.endOffset()));
            step.setPositionIncrement(slowStep.getPositionIncrement());
            return true;
        }
        int start = next;
        while (start < length && !isWordChar(text[start])) {
            start++;
        }
        if (start == length) {
            next = length;
            return false;
        }
        int end = start + 1;
        while (end < length && end - start < MAX_WORD && isWordChar(text[end])) {
            end++;
        }
        next = end;
        char[] out = term.resizeBuffer(end - start);
        for (int i = start; i < end; i++) {
            char c = text[i];
            out[i - start] = c <= 'Z' && c >= 'A' ? (char) (c + ('a' - 'A')) : c;
        }
        term.setLength(end - start);
        offset.setOffset(correctOffset(start), correctOffset(end));
        return true;
    }

    /** [A-Za-z0-9]: what {@link Character#isLetterOrDigit} accepts below 0x80. */
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @Override
    public void end() throws IOException {
        super.end();
        if (slowOpen) {
            slow.end();
        }
        int last = correctOffset(length);
        offset.setOffset(last, last);
    }

    @Override
    public void close() throws IOException {
        super.close();
        if (slowOpen) {
            slowOpen = false;
            slow.close();
        }
        if (text.length > 64 * 1024) {
            text = new char[256]; // one huge value does not pin its buffer for the analyzer's lifetime
        }
    }
}
