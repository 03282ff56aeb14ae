package gateway.index;

import gateway.model.error.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * Autocomplete over the {@link AssetDocument#SUGGEST} terms (clip names, reels, tags) of some
 * project indexes: one seek per segment to the first term at or after the typed prefix, then the
 * terms in order until {@code max} values that a live document still has. Values come back in
 * case-insensitive alphabetical order, so a short value ("A003", a reel) comes before the longer
 * ones it begins ("A003C012_230101_R1AB"); a value written in several ways is shown as most assets
 * write it.
 */
final class Suggestions {
    static final int MAX_SUGGESTIONS = 100;

    private final int max;
    private final BytesRef prefix;
    /** lower-case value → (value as written → live assets). */
    private final TreeMap<String, Map<String, Integer>> found = new TreeMap<>(Suggestions::inTermOrder);

    private Suggestions(String prefix, int max) {
        this.max = max;
        this.prefix = new BytesRef(prefix);
    }

    /** The first {@code max} values beginning with {@code prefix} (case-insensitive) in {@code indexes}. */
    static List<String> of(String prefix, List<ProjectIndex> indexes, int max) {
        if (max < 1 || max > MAX_SUGGESTIONS) {
            throw GatewayException.invalid("suggestion count " + max + " must be between 1 and " + MAX_SUGGESTIONS);
        }
        if (prefix == null || prefix.isBlank()) {
            return List.of();
        }
        Suggestions s = new Suggestions(AssetDocument.lower(prefix), max);
        for (ProjectIndex index : indexes) {
            IndexSearcher searcher = index.acquire();
            try {
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    s.collect(leaf);
                }
            } catch (IOException e) {
                throw GatewayException.io("cannot read the suggestions of " + index + ": " + e, e);
            } finally {
                index.release(searcher);
            }
        }
        return s.best();
    }

    /** Adds this segment's first {@code max} live values to {@link #found}. */
    private void collect(LeafReaderContext leaf) throws IOException {
        Terms terms = leaf.reader().terms(AssetDocument.SUGGEST);
        if (terms == null) {
            return;
        }
        TermsEnum e = terms.iterator();
        if (e.seekCeil(prefix) == TermsEnum.SeekStatus.END) {
            return;
        }
        Bits live = leaf.reader().getLiveDocs();
        PostingsEnum postings = null;
        int keys = 0;
        String lastKey = null;
        for (BytesRef term = e.term(); term != null && StringHelper.startsWith(term, prefix); term = e.next()) {
            postings = e.postings(postings, PostingsEnum.NONE);
            int n = liveDocs(postings, live);
            if (n == 0) {
                continue;
            }
            String t = term.utf8ToString();
            int cut = t.indexOf(AssetDocument.SUGGEST_SEPARATOR);
            String key = t.substring(0, cut);
            if (!key.equals(lastKey)) {
                if (keys == max) {
                    return; // every value of this segment from here on sorts after the ones kept
                }
                keys++;
                lastKey = key;
            }
            found.computeIfAbsent(key, k -> new HashMap<>()).merge(t.substring(cut + 1), n, Integer::sum);
        }
    }

    private static int liveDocs(PostingsEnum postings, Bits live) throws IOException {
        int n = 0;
        for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
            if (live == null || live.get(doc)) {
                n++;
            }
        }
        return n;
    }

    private List<String> best() {
        List<String> out = new ArrayList<>();
        for (Map<String, Integer> spellings : found.values()) {
            if (out.size() == max) {
                break;
            }
            out.add(mostUsed(spellings));
        }
        return out;
    }

    /** The spelling most assets use; on a tie, the first in byte order (stable across runs). */
    private static String mostUsed(Map<String, Integer> spellings) {
        String best = null;
        int bestCount = -1;
        for (Map.Entry<String, Integer> s : spellings.entrySet()) {
            int c = s.getValue();
            if (c > bestCount || (c == bestCount && inTermOrder(s.getKey(), best) < 0)) {
                best = s.getKey();
                bestCount = c;
            }
        }
        return best;
    }

    /** UTF-8 byte order, the order of the terms (String's UTF-16 order differs beyond the BMP). */
    private static int inTermOrder(String a, String b) {
        return new BytesRef(a).compareTo(new BytesRef(b));
    }
}
