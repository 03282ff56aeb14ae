package gateway.index.query;

import java.util.List;
import java.util.Objects;

/**
 * A parsed catalogue query: what people typed, as a tree, before it meets an index. Each leaf keeps
 * the column it started at so later stages can point at it.
 */
public sealed interface QueryNode {

    /** Everything (the empty query). */
    record All() implements QueryNode {}

    /** Every clause must match. */
    record And(List<QueryNode> clauses) implements QueryNode {
        public And {
            clauses = List.copyOf(clauses);
        }
    }

    /** At least one clause must match. */
    record Or(List<QueryNode> clauses) implements QueryNode {
        public Or {
            clauses = List.copyOf(clauses);
        }
    }

    /** The clause must not match. */
    record Not(QueryNode clause) implements QueryNode {
        public Not {
            Objects.requireNonNull(clause, "clause");
        }
    }

    /**
     * Free text, or a {@code field:value} term when {@code field} is not null. {@code phrase} when it
     * was quoted; {@code mode} from a trailing '*' (prefix) or '~' (fuzzy), stripped from the value.
     */
    record Term(QueryField field, String value, MatchMode mode, boolean phrase, int column) implements QueryNode {
        public Term {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(mode, "mode");
        }

        public boolean isFreeText() {
            return field == null;
        }
    }

    /** A comparison on a numeric field: {@code duration:>10s}, {@code channels:>=4}, {@code fps:23.976}. */
    record Compare(QueryField field, Comparison op, Quantity value, int column) implements QueryNode {}

    /**
     * {@code tc:HH:MM:SS:FF}: assets whose timecode range [start, end) covers that label, read at each
     * asset's own rate and counting mode.
     */
    record CoversTimecode(int hours, int minutes, int seconds, int frames, String label, int column)
            implements QueryNode {}

    /** How a term matches. */
    enum MatchMode {
        /** The value as typed (case-insensitive), with typo tolerance for free text. */
        DEFAULT,
        /** {@code value*}: starts with. */
        PREFIX,
        /** {@code value~}: within a few edits. */
        FUZZY
    }

    /** A comparison operator; {@code EQ} when none was typed. */
    enum Comparison {
        LT("<"),
        LE("<="),
        EQ("="),
        GE(">="),
        GT(">");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
