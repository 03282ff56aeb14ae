package gateway.index;

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
 */
record IndexVocabulary(List<FrameRate> rates, List<TimecodeMode> timecodeModes) {

    /** A rate and counting mode that assets' start timecodes use, and its {@code tc_mode} term. */
    record TimecodeMode(FrameRate rate, boolean dropFrame, String term) {}

    static IndexVocabulary of(IndexReader reader) throws IOException {
        List<FrameRate> rates = new ArrayList<>();
        for (String t : terms(reader, AssetDocument.FPS)) {
            rates.add(FrameRate.parse(t));
        }
        List<TimecodeMode> modes = new ArrayList<>();
        for (String t : terms(reader, AssetDocument.TC_MODE)) {
            boolean df = t.endsWith(";df");
            FrameRate rate = FrameRate.parse(t.substring(0, t.length() - (df ? 3 : 4)));
            modes.add(new TimecodeMode(rate, df, t));
        }
        return new IndexVocabulary(List.copyOf(rates), List.copyOf(modes));
    }

    private static List<String> terms(IndexReader reader, String field) throws IOException {
        List<String> out = new ArrayList<>();
        Terms terms = MultiTerms.getTerms(reader, field);
        if (terms == null) {
            return out;
        }
        TermsEnum e = terms.iterator();
        for (BytesRef b = e.next(); b != null; b = e.next()) {
            out.add(b.utf8ToString());
        }
        return out;
    }
}
