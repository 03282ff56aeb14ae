package gateway.index;

import gateway.index.query.Quantity;
import gateway.index.query.QueryField;
import gateway.index.query.QueryNode;
import gateway.index.query.QueryNode.Comparison;
import gateway.index.query.QueryNode.MatchMode;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Turns a parsed query into a Lucene query over {@link AssetDocument}'s fields. Free text is typo
 * tolerant (exact words first, then prefixes, then words within one or two edits); a field term is
 * exact (case-insensitive) unless {@code lenient}, the retry the catalogue makes when an exact query
 * found nothing. Time is exact: seconds and timecode labels become frame queries at each rate in
 * the {@link IndexVocabulary}.
 */
final class QueryCompiler {
    private final WordAnalyzer words;
    private final IndexVocabulary vocabulary;
    private final boolean lenient;

    QueryCompiler(WordAnalyzer words, IndexVocabulary vocabulary, boolean lenient) {
        this.words = words;
        this.vocabulary = vocabulary;
        this.lenient = lenient;
    }

    Query compile(QueryNode node) {
        Query q = toQuery(node);
        return q == null ? MatchAllDocsQuery.INSTANCE : q;
    }

    /** True when a lenient retry could match more: the query names a field value exactly. */
    static boolean hasLenientAlternative(QueryNode node) {
        return switch (node) {
            case QueryNode.And a -> a.clauses().stream().anyMatch(QueryCompiler::hasLenientAlternative);
            case QueryNode.Or o -> o.clauses().stream().anyMatch(QueryCompiler::hasLenientAlternative);
            case QueryNode.Term t ->
                t.field() != null
                        && t.mode() == MatchMode.DEFAULT
                        && !t.phrase()
                        && t.field() != QueryField.ID
                        && t.field() != QueryField.PROJECT;
            default -> false;
        };
    }

    /** The query, or null for "no constraint" (a term with no words in it). */
    private Query toQuery(QueryNode node) {
        return switch (node) {
            case QueryNode.All all -> MatchAllDocsQuery.INSTANCE;
            case QueryNode.And and -> and(and.clauses());
            case QueryNode.Or or -> or(or.clauses());
            case QueryNode.Not not -> negate(toQuery(not.clause()));
            case QueryNode.Term term -> term.isFreeText() ? freeText(term) : fieldTerm(term);
            case QueryNode.Compare compare -> compare(compare);
            case QueryNode.CoversTimecode tc -> coversTimecode(tc);
        };
    }

    private Query and(List<QueryNode> clauses) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean positive = false;
        boolean any = false;
        for (QueryNode c : clauses) {
            if (c instanceof QueryNode.Not not) {
                Query inner = toQuery(not.clause());
                b.add(inner == null ? MatchAllDocsQuery.INSTANCE : inner, Occur.MUST_NOT);
                any = true;
            } else {
                Query q = toQuery(c);
                if (q != null) {
                    b.add(q, Occur.MUST);
                    positive = true;
                    any = true;
                }
            }
        }
        if (!any) {
            return null;
        }
        if (!positive) {
            b.add(MatchAllDocsQuery.INSTANCE, Occur.MUST);
        }
        return b.build();
    }

    private Query or(List<QueryNode> clauses) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (QueryNode c : clauses) {
            Query q = toQuery(c);
            if (q == null) {
                return null; // one side matches everything, so the OR does
            }
            b.add(q, Occur.SHOULD);
        }
        return b.build();
    }

    private static Query negate(Query inner) {
        if (inner == null) {
            return new MatchNoDocsQuery("NOT of a term without words");
        }
        return new BooleanQuery.Builder()
                .add(MatchAllDocsQuery.INSTANCE, Occur.MUST)
                .add(inner, Occur.MUST_NOT)
                .build();
    }

    // ---- free text -------------------------------------------------------------------------

    private Query freeText(QueryNode.Term t) {
        List<String> w = words.words(t.value());
        if (w.isEmpty()) {
            return null;
        }
        String whole = AssetDocument.lower(t.value());
        String[] wholeFields = {
            AssetDocument.NAME_LC, AssetDocument.FILE_LC, AssetDocument.REEL_LC, AssetDocument.CLIP_KEY
        };
        BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        if (t.phrase()) {
            b.add(phrase(AssetDocument.TEXT, w), Occur.SHOULD);
            for (String f : wholeFields) {
                b.add(boost(new TermQuery(new Term(f, whole)), 5), Occur.SHOULD);
            }
            return b.build();
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (int i = 0; i < w.size(); i++) {
            boolean last = i == w.size() - 1;
            all.add(tolerantWord(AssetDocument.TEXT, w.get(i), last ? t.mode() : MatchMode.DEFAULT), Occur.MUST);
        }
        b.add(all.build(), Occur.SHOULD);
        for (String f : wholeFields) {
            Query q =
                    switch (t.mode()) {
                        case PREFIX -> new PrefixQuery(new Term(f, whole));
                        case FUZZY -> new FuzzyQuery(new Term(f, whole), 2);
                        case DEFAULT -> new TermQuery(new Term(f, whole));
                    };
            b.add(boost(q, 5), Occur.SHOULD);
        }
        return b.build();
    }

    /** One word, typo tolerant: exact beats prefix beats within-edits. */
    private static Query tolerantWord(String field, String word, MatchMode mode) {
        Term term = new Term(field, word);
        return switch (mode) {
            case PREFIX -> new PrefixQuery(term);
            case FUZZY -> new FuzzyQuery(term, 2);
            case DEFAULT -> {
                BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
                b.add(boost(new TermQuery(term), 3), Occur.SHOULD);
                if (word.length() >= 2) {
                    b.add(boost(new PrefixQuery(term), 1.5f), Occur.SHOULD);
                }
                int edits = editsFor(word);
                if (edits > 0) {
                    b.add(new FuzzyQuery(term, edits), Occur.SHOULD);
                }
                yield b.build();
            }
        };
    }

    /** How many typos a word of this length tolerates: none up to 2 characters, 1 up to 5, else 2. */
    static int editsFor(String word) {
        int n = word.codePointCount(0, word.length());
        return n <= 2 ? 0 : n <= 5 ? 1 : 2;
    }

    // ---- field terms -----------------------------------------------------------------------

    private Query fieldTerm(QueryNode.Term t) {
        QueryField f = t.field();
        return switch (f) {
            case NAME -> wordsOrWhole(t, AssetDocument.NAME_WORDS, AssetDocument.NAME_LC);
            case FILE -> wordsOrWhole(t, AssetDocument.FILE_WORDS, AssetDocument.FILE_LC);
            case PATH -> wordsOrWhole(t, AssetDocument.PATH_WORDS, null);
            case USED ->
                !t.phrase() && t.value().equalsIgnoreCase("any")
                        ? new TermQuery(new Term(AssetDocument.USED_LC, AssetDocument.USED_ANY))
                        : wordsOrWhole(t, AssetDocument.USED_WORDS, AssetDocument.USED_LC);
            case CAMERA -> wordsOrWhole(t, AssetDocument.CAMERA_WORDS, null);
            case REEL -> keyword(t, AssetDocument.REEL_LC, true);
            case MAKE -> keyword(t, AssetDocument.MAKE_LC, true);
            case MODEL -> keyword(t, AssetDocument.MODEL_LC, true);
            case SERIAL -> keyword(t, AssetDocument.SERIAL_LC, true);
            case CODEC -> keyword(t, AssetDocument.CODEC_LC, true);
            case CONTAINER -> keyword(t, AssetDocument.CONTAINER_LC, true);
            case RESOLUTION -> keyword(t, AssetDocument.RESOLUTION, true);
            case TAG -> keyword(t, AssetDocument.TAG, true);
            case STATUS -> keyword(t, AssetDocument.STATUS, true);
            case WARNING -> keyword(t, AssetDocument.WARNING, false);
            case META -> keyword(t, AssetDocument.META, true);
            case ID -> keyword(t, AssetDocument.ID, false);
            case PROJECT -> new TermQuery(new Term(AssetDocument.PROJECT, t.value()));
            default -> throw GatewayException.invalid("field '" + f.displayName() + "' does not take words");
        };
    }

    private Query keyword(QueryNode.Term t, String field, boolean typoTolerant) {
        Term term = new Term(field, AssetDocument.lower(t.value()));
        if (t.phrase()) {
            return new TermQuery(term);
        }
        return switch (t.mode()) {
            case PREFIX -> new PrefixQuery(term);
            case FUZZY -> new FuzzyQuery(term, Math.max(1, editsFor(term.text())));
            case DEFAULT ->
                lenient && typoTolerant && editsFor(term.text()) > 0
                        ? new FuzzyQuery(term, editsFor(term.text()))
                        : new TermQuery(term);
        };
    }

    private Query wordsOrWhole(QueryNode.Term t, String wordsField, String wholeField) {
        List<String> w = words.words(t.value());
        BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        if (wholeField != null) {
            b.add(boost(keyword(t, wholeField, true), 4), Occur.SHOULD);
        }
        if (!w.isEmpty()) {
            if (t.phrase()) {
                b.add(phrase(wordsField, w), Occur.SHOULD);
            } else {
                BooleanQuery.Builder all = new BooleanQuery.Builder();
                for (int i = 0; i < w.size(); i++) {
                    MatchMode mode = i == w.size() - 1 ? t.mode() : MatchMode.DEFAULT;
                    Term term = new Term(wordsField, w.get(i));
                    Query q =
                            switch (mode) {
                                case PREFIX -> new PrefixQuery(term);
                                case FUZZY -> new FuzzyQuery(term, Math.max(1, editsFor(w.get(i))));
                                case DEFAULT ->
                                    lenient && editsFor(w.get(i)) > 0
                                            ? new FuzzyQuery(term, editsFor(w.get(i)))
                                            : new TermQuery(term);
                            };
                    all.add(q, Occur.MUST);
                }
                b.add(all.build(), Occur.SHOULD);
            }
        }
        return b.build();
    }

    private static Query phrase(String field, List<String> w) {
        if (w.size() == 1) {
            return new TermQuery(new Term(field, w.get(0)));
        }
        PhraseQuery.Builder p = new PhraseQuery.Builder();
        w.forEach(word -> p.add(new Term(field, word)));
        return p.build();
    }

    // ---- comparisons -----------------------------------------------------------------------

    private Query compare(QueryNode.Compare c) {
        return switch (c.value()) {
            case Quantity.Frames f -> longRange(AssetDocument.DURATION_FRAMES, c.op(), f.frames());
            case Quantity.Seconds s -> secondsAtEachRate(c.op(), s.seconds());
            case Quantity.Count n -> intRange(countField(c.field()), c.op(), n.value());
            case Quantity.Rate r -> rate(c.op(), r.rate());
            case Quantity.TimeSpan span -> timeSpan(c.op(), span);
        };
    }

    private static String countField(QueryField f) {
        return switch (f) {
            case CHANNELS -> AssetDocument.CHANNELS;
            case WIDTH -> AssetDocument.WIDTH;
            case HEIGHT -> AssetDocument.HEIGHT;
            default -> throw GatewayException.invalid("field '" + f.displayName() + "' is not a count");
        };
    }

    /** A length in seconds, exactly: at rate n/d, {@code frames op seconds * n / d}, one clause per rate present. */
    private Query secondsAtEachRate(Comparison op, BigDecimal seconds) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (FrameRate rate : vocabulary.rates()) {
            BigDecimal exact = seconds.multiply(BigDecimal.valueOf(rate.numerator()));
            BigDecimal den = BigDecimal.valueOf(rate.denominator());
            long floor = exact.divide(den, 0, RoundingMode.FLOOR).longValueExact();
            long ceil = exact.divide(den, 0, RoundingMode.CEILING).longValueExact();
            long[] bounds =
                    switch (op) {
                        case LT -> new long[] {Long.MIN_VALUE, ceil - 1};
                        case LE -> new long[] {Long.MIN_VALUE, floor};
                        case EQ -> floor == ceil ? new long[] {floor, floor} : null;
                        case GE -> new long[] {ceil, Long.MAX_VALUE};
                        case GT -> new long[] {floor + 1, Long.MAX_VALUE};
                    };
            if (bounds == null) {
                continue; // no whole frame count at this rate lasts exactly that long
            }
            b.add(
                    new BooleanQuery.Builder()
                            .add(new TermQuery(new Term(AssetDocument.FPS, rate.toString())), Occur.FILTER)
                            .add(
                                    LongPoint.newRangeQuery(AssetDocument.DURATION_FRAMES, bounds[0], bounds[1]),
                                    Occur.FILTER)
                            .build(),
                    Occur.SHOULD);
            clauses++;
        }
        return clauses == 0 ? new MatchNoDocsQuery("no rate has a frame count of that length") : b.build();
    }

    private Query rate(Comparison op, FrameRate wanted) {
        if (op == Comparison.EQ) {
            return new TermQuery(new Term(AssetDocument.FPS, wanted.toString()));
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (FrameRate rate : vocabulary.rates()) {
            int cmp = rate.compareTo(wanted);
            boolean ok =
                    switch (op) {
                        case LT -> cmp < 0;
                        case LE -> cmp <= 0;
                        case GE -> cmp >= 0;
                        case GT -> cmp > 0;
                        case EQ -> cmp == 0;
                    };
            if (ok) {
                b.add(new TermQuery(new Term(AssetDocument.FPS, rate.toString())), Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? new MatchNoDocsQuery("no rate present compares so") : b.build();
    }

    private static Query timeSpan(Comparison op, Quantity.TimeSpan span) {
        long start = span.start().toEpochMilli();
        long end = span.endExclusive().toEpochMilli();
        return switch (op) {
            case LT -> LongPoint.newRangeQuery(AssetDocument.INGESTED, Long.MIN_VALUE, start - 1);
            case LE -> LongPoint.newRangeQuery(AssetDocument.INGESTED, Long.MIN_VALUE, end - 1);
            case EQ -> LongPoint.newRangeQuery(AssetDocument.INGESTED, start, end - 1);
            case GE -> LongPoint.newRangeQuery(AssetDocument.INGESTED, start, Long.MAX_VALUE);
            case GT -> LongPoint.newRangeQuery(AssetDocument.INGESTED, end, Long.MAX_VALUE);
        };
    }

    private static Query longRange(String field, Comparison op, long x) {
        return switch (op) {
            case LT ->
                x == Long.MIN_VALUE
                        ? new MatchNoDocsQuery("out of range")
                        : LongPoint.newRangeQuery(field, Long.MIN_VALUE, x - 1);
            case LE -> LongPoint.newRangeQuery(field, Long.MIN_VALUE, x);
            case EQ -> LongPoint.newExactQuery(field, x);
            case GE -> LongPoint.newRangeQuery(field, x, Long.MAX_VALUE);
            case GT ->
                x == Long.MAX_VALUE
                        ? new MatchNoDocsQuery("out of range")
                        : LongPoint.newRangeQuery(field, x + 1, Long.MAX_VALUE);
        };
    }

    private static Query intRange(String field, Comparison op, long value) {
        int x = (int) Math.min(Integer.MAX_VALUE, value);
        return switch (op) {
            case LT -> IntPoint.newRangeQuery(field, Integer.MIN_VALUE, x - 1);
            case LE -> IntPoint.newRangeQuery(field, Integer.MIN_VALUE, x);
            case EQ ->
                value > Integer.MAX_VALUE ? new MatchNoDocsQuery("out of range") : IntPoint.newExactQuery(field, x);
            case GE -> IntPoint.newRangeQuery(field, x, Integer.MAX_VALUE);
            case GT ->
                x == Integer.MAX_VALUE
                        ? new MatchNoDocsQuery("out of range")
                        : IntPoint.newRangeQuery(field, x + 1, Integer.MAX_VALUE);
        };
    }

    // ---- timecode coverage -----------------------------------------------------------------

    /**
     * Assets whose [tc_start, tc_end_exclusive) covers the label, read at each asset's own rate and
     * counting mode. A range that runs past midnight is matched by the label on the next day too.
     */
    private Query coversTimecode(QueryNode.CoversTimecode tc) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (IndexVocabulary.TimecodeMode mode : vocabulary.timecodeModes()) {
            long frame;
            try {
                frame = new Timecode(tc.hours(), tc.minutes(), tc.seconds(), tc.frames(), mode.rate(), mode.dropFrame())
                        .toFrames();
            } catch (GatewayException e) {
                continue; // the label does not exist at this rate (frame 27 at 25 fps, a dropped drop-frame label)
            }
            long day = Timecode.framesPerDay(mode.rate(), mode.dropFrame());
            Query covers = new BooleanQuery.Builder()
                    .add(covers(frame), Occur.SHOULD)
                    .add(covers(frame + day), Occur.SHOULD)
                    .build();
            b.add(
                    new BooleanQuery.Builder()
                            .add(new TermQuery(new Term(AssetDocument.TC_MODE, mode.term())), Occur.FILTER)
                            .add(covers, Occur.FILTER)
                            .build(),
                    Occur.SHOULD);
            clauses++;
        }
        return clauses == 0 ? new MatchNoDocsQuery("timecode " + tc.label() + " exists at no rate present") : b.build();
    }

    private static Query covers(long frame) {
        return new BooleanQuery.Builder()
                .add(LongPoint.newRangeQuery(AssetDocument.TC_START, Long.MIN_VALUE, frame), Occur.FILTER)
                .add(LongPoint.newRangeQuery(AssetDocument.TC_END, frame + 1, Long.MAX_VALUE), Occur.FILTER)
                .build();
    }

    private static Query boost(Query q, float boost) {
        return new BoostQuery(q, boost);
    }
}
