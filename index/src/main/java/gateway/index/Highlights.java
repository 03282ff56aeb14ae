package gateway.index;

import gateway.index.query.QueryField;
import gateway.index.query.QueryNode;
import gateway.index.query.QueryNode.MatchMode;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marks what a query matched in the fields a hit list shows: {@code name}, {@code file},
 * {@code reel}, {@code camera} and {@code tags}. A field appears only when something in it matched;
 * its value is the field's text, HTML-escaped, with each matched word (or the whole value, for a
 * reel or a tag matched whole) wrapped in {@code <em>...</em>}. Words are matched the way the
 * query matches them (exact, prefix, within edits); terms under a NOT are never marked.
 */
final class Highlights {
    static final String OPEN = "<em>";
    static final String CLOSE = "</em>";

    /** A positive term of the query: the field (null for free text), its words, its whole value. */
    private record Wanted(QueryField field, List<String> words, String whole, MatchMode mode, boolean phrase) {}

    /** One shown field: its name and the query fields (besides free text) that may mark it. */
    private record Shown(String name, Set<QueryField> fields) {}

    private static final Shown NAME = new Shown("name", Set.of(QueryField.NAME));
    private static final Shown FILE = new Shown("file", Set.of(QueryField.FILE));
    private static final Shown REEL = new Shown("reel", Set.of(QueryField.REEL));
    private static final Shown CAMERA =
            new Shown("camera", Set.of(QueryField.CAMERA, QueryField.MAKE, QueryField.MODEL, QueryField.SERIAL));
    private static final Shown TAGS = new Shown("tags", Set.of(QueryField.TAG));

    private final WordAnalyzer analyzer;
    private final List<Wanted> wanted = new ArrayList<>();
    private final boolean lenient;

    private Highlights(WordAnalyzer analyzer, boolean lenient) {
        this.analyzer = analyzer;
        this.lenient = lenient;
    }

    /** The highlighter of one query; {@code lenient} when the search ran in its typo-tolerant retry. */
    static Highlights of(QueryNode query, WordAnalyzer analyzer, boolean lenient) {
        Highlights h = new Highlights(analyzer, lenient);
        h.collect(query);
        return h;
    }

    private void collect(QueryNode node) {
        switch (node) {
            case QueryNode.And a -> a.clauses().forEach(this::collect);
            case QueryNode.Or o -> o.clauses().forEach(this::collect);
            case QueryNode.Term t -> {
                if (t.field() == null || shownFieldsOf(t.field())) {
                    wanted.add(new Wanted(
                            t.field(),
                            analyzer.words(t.value()),
                            AssetDocument.lower(t.value()),
                            t.mode(),
                            t.phrase()));
                }
            }
            default -> {
                // NOT, comparisons, timecodes and "everything" mark no words
            }
        }
    }

    private static boolean shownFieldsOf(QueryField f) {
        return List.of(NAME, FILE, REEL, CAMERA, TAGS).stream()
                .anyMatch(s -> s.fields().contains(f));
    }

    /** The marked fields of one hit; empty when the query marks nothing (e.g. {@code fps:25}). */
    Map<String, String> of(Manifest m) {
        Map<String, String> out = new LinkedHashMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        MediaInfo media = m.media();
        String fileName = AssetDocument.fileName(m.originalPath() != null ? m.originalPath() : media.path());
        String name = m.name() != null ? m.name() : AssetDocument.stem(fileName);
        mark(out, NAME, name == null ? List.of() : List.of(name), ", ");
        mark(out, FILE, fileName == null ? List.of() : List.of(fileName), ", ");
        mark(out, REEL, media.reel() == null || media.reel().isBlank() ? List.of() : List.of(media.reel()), ", ");
        if (media.camera() != null) {
            List<String> parts = new ArrayList<>();
            for (String p : new String[] {
                media.camera().make(), media.camera().model(), media.camera().serial()
            }) {
                if (p != null && !p.isBlank()) {
                    parts.add(p.trim());
                }
            }
            mark(out, CAMERA, parts, " ");
        }
        mark(out, TAGS, List.copyOf(AssetDocument.tags(m.metadata())), ", ");
        return out;
    }

    /** Marks the matched words of each part, joins the parts; adds the field when anything matched. */
    private void mark(Map<String, String> out, Shown shown, List<String> parts, String joiner) {
        List<Wanted> applicable = new ArrayList<>(wanted.size());
        boolean byWords = false;
        for (Wanted w : wanted) {
            if (w.field() == null || shown.fields().contains(w.field())) {
                applicable.add(w);
                byWords |= !marksWhole(w);
            }
        }
        if (applicable.isEmpty() || parts.isEmpty()) {
            return; // nothing in the query can mark this field: spare the word analysis
        }
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        for (String part : parts) {
            if (!sb.isEmpty()) {
                sb.append(joiner);
            }
            boolean[] marked = new boolean[part.length()];
            boolean whole = false;
            List<WordAnalyzer.Word> words = byWords ? analyzer.wordsWithOffsets(part) : List.of();
            for (Wanted w : applicable) {
                if (marksWhole(w)) {
                    whole |= matches(AssetDocument.lower(part), w.whole(), w.mode(), false, w.phrase());
                    continue;
                }
                for (WordAnalyzer.Word word : words) {
                    if (matchesAnyWord(word.text(), w)) {
                        Arrays.fill(marked, word.start(), word.end(), true);
                        any = true;
                    }
                }
            }
            if (whole) {
                Arrays.fill(marked, true);
                any = true;
            }
            render(sb, part, marked);
        }
        if (any) {
            out.put(shown.name(), sb.toString());
        }
    }

    /** A reel or a tag is matched, and marked, as a whole value, not word by word. */
    private static boolean marksWhole(Wanted w) {
        return w.field() == QueryField.REEL || w.field() == QueryField.TAG;
    }

    private boolean matchesAnyWord(String token, Wanted w) {
        for (int i = 0; i < w.words().size(); i++) {
            MatchMode mode = i == w.words().size() - 1 ? w.mode() : MatchMode.DEFAULT;
            if (matches(token, w.words().get(i), mode, w.field() == null, w.phrase())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} matches {@code wanted} the way the compiled query would. */
    private boolean matches(String value, String wanted, MatchMode mode, boolean freeText, boolean phrase) {
        if (value.equals(wanted)) {
            return true;
        }
        if (phrase) {
            return false;
        }
        return switch (mode) {
            case PREFIX -> value.startsWith(wanted);
            case FUZZY -> withinEdits(value, wanted, Math.max(1, QueryCompiler.editsFor(wanted)));
            case DEFAULT ->
                freeText
                        ? (wanted.length() >= 2 && value.startsWith(wanted))
                                || withinEdits(value, wanted, QueryCompiler.editsFor(wanted))
                        : lenient && withinEdits(value, wanted, QueryCompiler.editsFor(wanted));
        };
    }

    /**
     * Whether two words are at most {@code max} edits apart, counting an insertion, a deletion, a
     * substitution or a swap of neighbours as one (as Lucene's fuzzy queries do), by code point.
     */
    static boolean withinEdits(String a, String b, int max) {
        if (max <= 0) {
            return a.equals(b);
        }
        if (Math.abs(a.codePointCount(0, a.length()) - b.codePointCount(0, b.length())) > max) {
            return false; // most words of a hit: decided without allocating anything
        }
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return false;
            }
        }
        return d[x.length][y.length] <= max;
    }

    private static void render(StringBuilder sb, String text, boolean[] marked) {
        for (int i = 0; i < text.length(); i++) {
            if (marked[i] && (i == 0 || !marked[i - 1])) {
                sb.append(OPEN);
            }
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
            if (marked[i] && (i == text.length() - 1 || !marked[i + 1])) {
                sb.append(CLOSE);
            }
        }
    }
}
