package gateway.index;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * The frame rates and timecode modes present in the indexes a search runs over. Queries that mean
 * time (durations in seconds, timecode labels) become exact frame queries at each of these rates.
 * Each list is read from the reader's terms the first time a query asks for it: most queries mean
 * no time and never pay for it.
 */
final class IndexVocabulary {
    private final IndexReader reader;
    private List<FrameRate> rates;
    private List<TimecodeMode> timecodeModes;

    /** A rate and counting mode that assets' start timecodes use, and its {@code tc_mode} term. */
    record TimecodeMode(FrameRate rate, boolean dropFrame, String term) {}

    private IndexVocabulary(IndexReader reader) {
        this.reader = reader;
    }

    /** The vocabulary of {@code reader}, read lazily while the reader is open (one search). */
    static IndexVocabulary of(IndexReader reader) {
        return new IndexVocabulary(reader);
    }

    /** The exact frame rates ({@code fps} terms) of the assets, in term order. */
    List<FrameRate> rates() {
        if (rates == null) {
            List<FrameRate> out = new ArrayList<>();
            for (String t : terms(AssetDocument.FPS)) {
                out.add(FrameRate.parse(t));
            }
            rates = List.copyOf(out);
        }
        return rates;
    }

    /** The rates and counting modes of the assets' start timecodes ({@code tc_mode} terms), in term order. */
    List<TimecodeMode> timecodeModes() {
        if (timecodeModes == null) {
            List<TimecodeMode> out = new ArrayList<>();
            for (String t : terms(AssetDocument.TC_MODE)) {
                boolean df = t.endsWith(";df");
                FrameRate rate = FrameRate.parse(t.substring(0, t.length() - (df ? 3 : 4)));
                out.add(new TimecodeMode(rate, df, t));
            }
            timecodeModes = List.copyOf(out);
        }
        return timecodeModes;
    }

    private List<String> terms(String field) {
        List<String> out = new ArrayList<>();
        try {
            Terms terms = MultiTerms.getTerms(reader, field);
            if (terms == null) {
                return out;
            }
            TermsEnum e = terms.iterator();
            for (BytesRef b = e.next(); b != null; b = e.next()) {
                out.add(b.utf8ToString());
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot read the " + field + " terms of the catalogue: " + e, e);
        }
        return out;
    }
}
