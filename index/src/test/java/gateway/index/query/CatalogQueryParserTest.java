package gateway.index.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.index.query.QueryNode.Comparison;
import gateway.index.query.QueryNode.MatchMode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogQueryParserTest {

    @Test
    void blankIsEverything() {
        assertInstanceOf(QueryNode.All.class, CatalogQueryParser.parse("  "));
        assertInstanceOf(QueryNode.All.class, CatalogQueryParser.parse(null));
    }

    @Test
    void adjacentTermsAreAndedAndOrBindsLooser() {
        QueryNode n = CatalogQueryParser.parse("interview reel:A003 OR codec:prores");
        QueryNode.Or or = assertInstanceOf(QueryNode.Or.class, n);
        QueryNode.And and = assertInstanceOf(QueryNode.And.class, or.clauses().get(0));
        assertEquals(
                new QueryNode.Term(null, "interview", MatchMode.DEFAULT, false, 1),
                and.clauses().get(0));
        assertEquals(
                new QueryNode.Term(QueryField.REEL, "A003", MatchMode.DEFAULT, false, 16),
                and.clauses().get(1));
        assertEquals(
                new QueryNode.Term(QueryField.CODEC, "prores", MatchMode.DEFAULT, false, 30),
                or.clauses().get(1));
    }

    @Test
    void notMinusParenthesesAndPhrases() {
        QueryNode n = CatalogQueryParser.parse("NOT (a OR b) -tag:x camera:\"ALEXA Mini\"");
        QueryNode.And and = assertInstanceOf(QueryNode.And.class, n);
        QueryNode.Not not = assertInstanceOf(QueryNode.Not.class, and.clauses().get(0));
        assertInstanceOf(QueryNode.Or.class, not.clause());
        QueryNode.Not minus =
                assertInstanceOf(QueryNode.Not.class, and.clauses().get(1));
        assertEquals(QueryField.TAG, ((QueryNode.Term) minus.clause()).field());
        QueryNode.Term phrase =
                assertInstanceOf(QueryNode.Term.class, and.clauses().get(2));
        assertEquals(QueryField.CAMERA, phrase.field());
        assertEquals("ALEXA Mini", phrase.value());
        assertTrue(phrase.phrase());
    }

    @Test
    void aFieldAppliesToAGroup() {
        QueryNode n = CatalogQueryParser.parse("reel:(A003 OR A004*)");
        QueryNode.Or or = assertInstanceOf(QueryNode.Or.class, n);
        assertEquals(
                List.of(
                        new QueryNode.Term(QueryField.REEL, "A003", MatchMode.DEFAULT, false, 7),
                        new QueryNode.Term(QueryField.REEL, "A004", MatchMode.PREFIX, false, 15)),
                or.clauses());
    }

    @Test
    void prefixAndFuzzyMarks() {
        assertEquals(MatchMode.PREFIX, ((QueryNode.Term) CatalogQueryParser.parse("A003C*")).mode());
        assertEquals(MatchMode.FUZZY, ((QueryNode.Term) CatalogQueryParser.parse("reel:A03~")).mode());
    }

    @Test
    void comparisonsKeepExactValues() {
        assertEquals(
                new QueryNode.Compare(
                        QueryField.DURATION, Comparison.GT, new Quantity.Seconds(new BigDecimal("10")), 10),
                CatalogQueryParser.parse("duration:>10s"));
        assertEquals(
                new QueryNode.Compare(QueryField.DURATION, Comparison.LE, new Quantity.Frames(240), 10),
                CatalogQueryParser.parse("duration:<=240f"));
        assertEquals(
                new QueryNode.Compare(
                        QueryField.DURATION, Comparison.GE, new Quantity.Seconds(new BigDecimal("90.0")), 5),
                CatalogQueryParser.parse("dur:>=1.5m"));
        assertEquals(
                new QueryNode.Compare(QueryField.FPS, Comparison.EQ, new Quantity.Rate(FrameRate.FPS_23_976), 5),
                CatalogQueryParser.parse("fps:23.976"));
        assertEquals(
                new QueryNode.Compare(QueryField.CHANNELS, Comparison.GE, new Quantity.Count(8), 10),
                CatalogQueryParser.parse("channels:>=8"));
        QueryNode.Compare day = (QueryNode.Compare) CatalogQueryParser.parse("ingested:2026-05-03");
        assertEquals(
                new Quantity.TimeSpan(Instant.parse("2026-05-03T00:00:00Z"), Instant.parse("2026-05-04T00:00:00Z")),
                day.value());
    }

    @Test
    void timecodeCoverage() {
        assertEquals(
                new QueryNode.CoversTimecode(14, 3, 10, 0, "14:03:10:00", 4),
                CatalogQueryParser.parse("tc:14:03:10:00"));
        QueryNode.And and = assertInstanceOf(QueryNode.And.class, CatalogQueryParser.parse("tc:10:03:00;05 reel:A003"));
        assertEquals(5, ((QueryNode.CoversTimecode) and.clauses().get(0)).frames());
    }

    @Test
    void metadataKeys() {
        assertEquals(
                new QueryNode.Term(QueryField.META, "scene=12", MatchMode.DEFAULT, false, 12),
                CatalogQueryParser.parse("meta.Scene:12"));
    }

    @Test
    void errorsSayWhereAndWhatWasExpected() {
        assertParseError("(reel:A003", "column 11", "expected ')' to close '(' opened at column 1");
        assertParseError("reel:A003)", "column 10", "')' without a matching '('");
        assertParseError("foo:bar", "column 1", "unknown field 'foo'");
        assertParseError("duration:>abc", "column 11", "expected a length such as 240f");
        assertParseError("prores AND", "column 11", "expected a term after 'AND'");
        assertParseError("OR prores", "column 1", "expected a term, found 'OR'");
        assertParseError("name:\"open", "column 6", "closing '\"'");
        assertParseError("tc:14:03", "column 4", "expected a timecode HH:MM:SS:FF");
        assertParseError("tc:25:00:00:00", "column 4", "out of range");
        assertParseError("fps:29.5", "column 5", "expected a frame rate");
        assertParseError("reel:", "column 6", "expected a value after 'reel:'");
        assertParseError("()", "column 2", "expected a term inside '('");
        assertParseError("duration:1.5f", "column 10", "whole");
    }

    private static void assertParseError(String query, String where, String what) {
        GatewayException e = assertThrows(GatewayException.class, () -> CatalogQueryParser.parse(query), query);
        assertEquals(Reason.PARSE_ERROR, e.reason());
        assertTrue(e.getMessage().contains(where), query + " -> " + e.getMessage());
        assertTrue(e.getMessage().contains(what), query + " -> " + e.getMessage());
    }
}
