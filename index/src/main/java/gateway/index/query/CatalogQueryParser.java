package gateway.index.query;

import gateway.index.query.QueryNode.Comparison;
import gateway.index.query.QueryNode.MatchMode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query language people type into the catalogue, parsed by recursive descent:
 *
 * <pre>
 * query   := or
 * or      := and ( ("OR" | "||") and )*
 * and     := unary ( ["AND" | "&&"] unary )*          adjacent terms are ANDed
 * unary   := ("NOT" | "-" | "!") unary | primary
 * primary := "(" or ")" | field ":" "(" or ")" | field ":" value | value
 * value   := word ["*" | "~"] | "quoted phrase" | [op] number-with-unit | timecode
 * </pre>
 *
 * Fields are listed by {@link QueryField}. Comparisons take {@code < <= = >= >}:
 * {@code duration:>10s}, {@code duration:<=240f}, {@code fps:23.976}, {@code channels:>=4},
 * {@code ingested:>=2026-05-01}. {@code tc:14:03:10:00} finds assets whose timecode range covers that
 * label. A syntax error is a {@link Reason#PARSE_ERROR} naming the column and what was expected.
 */
public final class CatalogQueryParser {
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_-]+)?");
    private static final Pattern TIMECODE = Pattern.compile("(\\d{1,2})[:;.](\\d{2})[:;.](\\d{2})[:;.](\\d{2,3})");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(f|fr|frames?|ms|s|sec|m|min|h)?");
    private static final Pattern COUNT = Pattern.compile("\\d{1,18}");

    private final String text;
    private final List<Token> tokens;
    private int next;

    private CatalogQueryParser(String text) {
        this.text = text;
        this.tokens = new Lexer(text).tokens();
    }

    /** Parses a query; blank text is {@link QueryNode.All}. */
    public static QueryNode parse(String text) {
        if (text == null || text.isBlank()) {
            return new QueryNode.All();
        }
        CatalogQueryParser parser = new CatalogQueryParser(text);
        QueryNode node = parser.or(null);
        if (parser.peek() != null) {
            Token t = parser.peek();
            throw parser.error(t.column(), t.type() == Type.RPAREN ? "')' without a matching '('" : "unexpected " + t);
        }
        return node;
    }

    private QueryNode or(QueryField field) {
        List<QueryNode> clauses = new ArrayList<>();
        clauses.add(and(field));
        while (peekIs(Type.OR)) {
            Token op = take();
            requireTerm(op);
            clauses.add(and(field));
        }
        return clauses.size() == 1 ? clauses.get(0) : new QueryNode.Or(clauses);
    }

    private QueryNode and(QueryField field) {
        List<QueryNode> clauses = new ArrayList<>();
        clauses.add(unary(field));
        while (true) {
            if (peekIs(Type.AND)) {
                Token op = take();
                requireTerm(op);
                clauses.add(unary(field));
            } else if (peek() != null && startsTerm(peek())) {
                clauses.add(unary(field));
            } else {
                break;
            }
        }
        return clauses.size() == 1 ? clauses.get(0) : new QueryNode.And(clauses);
    }

    private QueryNode unary(QueryField field) {
        Token t = peek();
        if (t == null) {
            throw error(text.length() + 1, "expected a term, found the end of the query");
        }
        if (t.type() == Type.NOT) {
            take();
            requireTerm(t);
            return new QueryNode.Not(unary(field));
        }
        return primary(field);
    }

    private QueryNode primary(QueryField field) {
        Token t = take();
        switch (t.type()) {
            case LPAREN -> {
                return group(t, field);
            }
            case QUOTED -> {
                return new QueryNode.Term(field, t.text(), MatchMode.DEFAULT, true, t.column());
            }
            case WORD -> {
                return word(t, field);
            }
            default -> throw error(t.column(), "expected a term, found " + t);
        }
    }

    private QueryNode group(Token open, QueryField field) {
        if (peekIs(Type.RPAREN)) {
            throw error(
                    peek().column(), "expected a term inside '(' opened at column " + open.column() + ", found ')'");
        }
        QueryNode inside = or(field);
        if (!peekIs(Type.RPAREN)) {
            Token t = peek();
            throw error(
                    t == null ? text.length() + 1 : t.column(),
                    "expected ')' to close '(' opened at column " + open.column() + ", found "
                            + (t == null ? "the end of the query" : t.toString()));
        }
        take();
        return inside;
    }

    private QueryNode word(Token t, QueryField outer) {
        String w = t.text();
        int colon = w.indexOf(':');
        if (colon > 0 && FIELD_NAME.matcher(w.substring(0, colon)).matches()) {
            return fieldClause(t, w.substring(0, colon), w.substring(colon + 1));
        }
        return freeTerm(outer, w, t.column());
    }

    private QueryNode fieldClause(Token t, String name, String value) {
        String key = null;
        String fieldName = name;
        int dot = name.indexOf('.');
        if (dot > 0) {
            fieldName = name.substring(0, dot);
            key = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        }
        Optional<QueryField> known = QueryField.named(fieldName);
        if (known.isEmpty() || (key != null) != (known.get() == QueryField.META)) {
            throw error(t.column(), "unknown field '" + name + "'; expected one of " + QueryField.known());
        }
        QueryField field = known.get();
        int valueColumn = t.column() + name.length() + 1;
        if (value.isEmpty()) {
            Token after = peek();
            boolean adjacent = after != null && after.column() == t.endColumn();
            if (adjacent && after.type() == Type.QUOTED) {
                take();
                return phraseOrCompare(field, key, after);
            }
            if (adjacent && after.type() == Type.LPAREN && field.kind() != QueryField.Kind.TIMECODE && key == null) {
                return group(take(), field);
            }
            throw error(valueColumn, "expected a value after '" + name + ":'");
        }
        if (key != null) {
            return term(field, key + "=" + value, valueColumn);
        }
        return switch (field.kind()) {
            case TEXT, KEYWORD -> term(field, value, valueColumn);
            case TIMECODE -> timecode(value, valueColumn);
            case RATE, DURATION, COUNT, DATE -> compare(field, value, valueColumn);
        };
    }

    private QueryNode phraseOrCompare(QueryField field, String key, Token quoted) {
        if (key != null) {
            return new QueryNode.Term(field, key + "=" + quoted.text(), MatchMode.DEFAULT, true, quoted.column());
        }
        return switch (field.kind()) {
            case TEXT, KEYWORD -> new QueryNode.Term(field, quoted.text(), MatchMode.DEFAULT, true, quoted.column());
            case TIMECODE -> timecode(quoted.text(), quoted.column() + 1);
            case RATE, DURATION, COUNT, DATE -> compare(field, quoted.text(), quoted.column() + 1);
        };
    }

    private QueryNode freeTerm(QueryField field, String word, int column) {
        if (field == null) {
            return term(null, word, column);
        }
        return switch (field.kind()) {
            case TEXT, KEYWORD -> term(field, word, column);
            case TIMECODE -> timecode(word, column);
            case RATE, DURATION, COUNT, DATE -> compare(field, word, column);
        };
    }

    private QueryNode term(QueryField field, String value, int column) {
        MatchMode mode = MatchMode.DEFAULT;
        String v = value;
        if (v.endsWith("*")) {
            mode = MatchMode.PREFIX;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("~")) {
            mode = MatchMode.FUZZY;
            v = v.substring(0, v.length() - 1);
        }
        if (v.isEmpty() || v.endsWith("=")) {
            throw error(column, "expected letters or digits before '" + value.charAt(value.length() - 1) + "'");
        }
        return new QueryNode.Term(field, v, mode, false, column);
    }

    private QueryNode timecode(String value, int column) {
        Matcher m = TIMECODE.matcher(value);
        if (!m.matches()) {
            throw error(column, "expected a timecode HH:MM:SS:FF (or HH:MM:SS;FF) after 'tc:', found '" + value + "'");
        }
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        int s = Integer.parseInt(m.group(3));
        int f = Integer.parseInt(m.group(4));
        if (h > 23 || min > 59 || s > 59) {
            throw error(column, "timecode '" + value + "' is out of range: hours 0-23, minutes and seconds 0-59");
        }
        return new QueryNode.CoversTimecode(h, min, s, f, value, column);
    }

    private QueryNode compare(QueryField field, String value, int column) {
        Comparison op = Comparison.EQ;
        String v = value;
        for (Comparison c :
                new Comparison[] {Comparison.LE, Comparison.GE, Comparison.LT, Comparison.GT, Comparison.EQ}) {
            if (v.startsWith(c.symbol())) {
                op = c;
                v = v.substring(c.symbol().length());
                break;
            }
        }
        int valueColumn = column + (value.length() - v.length());
        if (v.isEmpty()) {
            throw error(valueColumn, "expected " + expectation(field) + " after '" + op.symbol() + "'");
        }
        return new QueryNode.Compare(field, op, quantity(field, v, valueColumn), column);
    }

    private Quantity quantity(QueryField field, String v, int column) {
        switch (field.kind()) {
            case RATE -> {
                try {
                    return new Quantity.Rate(FrameRate.parse(v));
                } catch (GatewayException e) {
                    throw error(column, "expected " + expectation(field) + ", found '" + v + "'");
                }
            }
            case DURATION -> {
                Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
                if (!m.matches()) {
                    throw error(column, "expected " + expectation(field) + ", found '" + v + "'");
                }
                return duration(new BigDecimal(m.group(1)), m.group(2) == null ? "s" : m.group(2), v, column);
            }
            case COUNT -> {
                if (!COUNT.matcher(v).matches()) {
                    throw error(column, "expected " + expectation(field) + ", found '" + v + "'");
                }
                return new Quantity.Count(Long.parseLong(v));
            }
            case DATE -> {
                try {
                    return v.length() <= 10
                            ? Quantity.TimeSpan.day(LocalDate.parse(v))
                            : Quantity.TimeSpan.at(Instant.parse(v));
                } catch (DateTimeParseException e) {
                    throw error(column, "expected " + expectation(field) + ", found '" + v + "'");
                }
            }
            default -> throw new IllegalStateException("not a comparable field: " + field);
        }
    }

    private Quantity duration(BigDecimal amount, String unit, String typed, int column) {
        if (unit.startsWith("f")) {
            if (amount.stripTrailingZeros().scale() > 0) {
                throw error(column, "a frame count is whole, found '" + typed + "'");
            }
            return new Quantity.Frames(amount.longValueExact());
        }
        BigDecimal seconds =
                switch (unit) {
                    case "ms" -> amount.movePointLeft(3);
                    case "m", "min" -> amount.multiply(BigDecimal.valueOf(60));
                    case "h" -> amount.multiply(BigDecimal.valueOf(3600));
                    default -> amount;
                };
        return new Quantity.Seconds(seconds);
    }

    private static String expectation(QueryField field) {
        return switch (field.kind()) {
            case RATE -> "a frame rate such as 23.976, 25 or 24000/1001";
            case DURATION -> "a length such as 240f, 10s, 1.5m or 1h";
            case COUNT -> "a whole number";
            case DATE -> "a date such as 2026-05-03 or an instant such as 2026-05-03T10:00:00Z";
            default -> "a value";
        };
    }

    private void requireTerm(Token op) {
        Token t = peek();
        if (t == null) {
            throw error(text.length() + 1, "expected a term after " + op + ", found the end of the query");
        }
        if (!startsTerm(t)) {
            throw error(t.column(), "expected a term after " + op + ", found " + t);
        }
    }

    private static boolean startsTerm(Token t) {
        return t.type() == Type.WORD || t.type() == Type.QUOTED || t.type() == Type.LPAREN || t.type() == Type.NOT;
    }

    private Token peek() {
        return next < tokens.size() ? tokens.get(next) : null;
    }

    private boolean peekIs(Type type) {
        Token t = peek();
        return t != null && t.type() == type;
    }

    private Token take() {
        return tokens.get(next++);
    }

    private GatewayException error(int column, String what) {
        return new GatewayException(Reason.PARSE_ERROR, "query error at column " + column + ": " + what);
    }

    enum Type {
        WORD,
        QUOTED,
        LPAREN,
        RPAREN,
        AND,
        OR,
        NOT
    }

    /** A token; {@code column} is 1-based, {@code endColumn} the column just after it. */
    record Token(Type type, String text, int column, int endColumn) {
        @Override
        public String toString() {
            return switch (type) {
                case WORD -> "'" + text + "'";
                case QUOTED -> "\"" + text + "\"";
                case LPAREN -> "'('";
                case RPAREN -> "')'";
                default -> "'" + text + "'";
            };
        }
    }

    /** Splits the text into words, quoted phrases, parentheses and operators. */
    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            while (true) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= s.length()) {
                    return out;
                }
                int start = i;
                char c = s.charAt(i);
                if (c == '(' || c == ')') {
                    i++;
                    out.add(new Token(c == '(' ? Type.LPAREN : Type.RPAREN, String.valueOf(c), start + 1, i + 1));
                } else if (c == '"') {
                    out.add(quoted(start));
                } else if ((c == '-' || c == '!') && i + 1 < s.length() && startsWordOrGroup(s.charAt(i + 1))) {
                    i++;
                    out.add(new Token(Type.NOT, String.valueOf(c), start + 1, i + 1));
                } else {
                    while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()\"".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    String w = s.substring(start, i);
                    Type type =
                            switch (w) {
                                case "AND", "&&" -> Type.AND;
                                case "OR", "||" -> Type.OR;
                                case "NOT" -> Type.NOT;
                                default -> Type.WORD;
                            };
                    out.add(new Token(type, w, start + 1, i + 1));
                }
            }
        }

        private static boolean startsWordOrGroup(char c) {
            return !Character.isWhitespace(c) && c != ')';
        }

        private Token quoted(int start) {
            StringBuilder b = new StringBuilder();
            i++;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                    b.append(s.charAt(i + 1));
                    i += 2;
                } else if (c == '"') {
                    i++;
                    return new Token(Type.QUOTED, b.toString(), start + 1, i + 1);
                } else {
                    b.append(c);
                    i++;
                }
            }
            throw new GatewayException(
                    Reason.PARSE_ERROR,
                    "query error at column " + (start + 1) + ": expected a closing '\"' for the phrase opened here");
        }
    }
}
