package gateway.model.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimecodeTest {
    private static final FrameRate DF30 = FrameRate.FPS_29_97;
    private static final FrameRate DF60 = FrameRate.FPS_59_94;

    // ---- facts from the corpora (fcp7xml adapter tests) --------------------------------------

    @Test
    void corpusDropFrameFact() {
        Timecode tc = Timecode.parse("10:03:00;05", DF30);

        assertTrue(tc.dropFrame());
        assertEquals(1_084_319L, tc.toFrames());
        assertEquals(tc, Timecode.fromFrames(1_084_319L, DF30, true));
        assertEquals("10:03:00;05", tc.toString());
    }

    @Test
    void corpusNonDropAt2997Fact() {
        Timecode tc = Timecode.parse("00:59:56:12", DF30);

        assertFalse(tc.dropFrame());
        assertEquals(107_892L, tc.toFrames());
        assertEquals(tc, Timecode.fromFrames(107_892L, DF30, false));
        assertEquals(
                Timecode.parse("01:00:00;00", DF30).toFrames(),
                tc.toFrames(),
                "an hour of drop-frame labels is 00:59:56:12 of non-drop labels");
    }

    @Test
    void corpusNtscFilmFact() {
        Timecode tc = Timecode.parse("14:11:44:09", FrameRate.parse("24000/1001"));

        assertEquals(1_226_505L, tc.toFrames());
        assertEquals(RationalTime.of(1_226_505L, FrameRate.FPS_23_976), tc.toTime());
        assertEquals(
                "14:11:44:09",
                Timecode.fromFrames(1_226_505L, FrameRate.FPS_23_976, false).toString());
    }

    // ---- non-drop -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "00:00:00:00, 23.976, 0",
        "00:00:01:00, 23.976, 24",
        "01:00:00:00, 23.976, 86400",
        "23:59:59:23, 23.976, 2073599",
        "00:00:00:23, 24, 23",
        "01:00:00:00, 24, 86400",
        "10:00:00:00, 25, 900000",
        "00:00:00:24, 25, 24",
        "22:40:10:00, 25, 2040250",
        "01:00:00:00, 30, 108000",
        "00:00:59:29, 30, 1799",
        "00:00:01:49, 50, 99",
        "01:00:00:00, 50, 180000",
        "00:01:00:00, 60, 3600",
        "23:59:59:59, 60, 5183999",
        "00:01:00:00, 29.97, 1800",
        "00:01:00:00, 59.94, 3600"
    })
    void nonDropParsesAndPrints(String text, String rate, long frames) {
        FrameRate r = FrameRate.parse(rate);
        Timecode tc = Timecode.parse(text, r);

        assertFalse(tc.dropFrame());
        assertEquals(frames, tc.toFrames());
        assertEquals(text, tc.toString());
        assertEquals(tc, Timecode.fromFrames(frames, r, false));
        assertEquals(RationalTime.of(frames, r), tc.toTime());
        assertEquals(tc, Timecode.of(RationalTime.of(frames, r), false));
    }

    @Test
    void fieldsAreKeptAsWritten() {
        Timecode tc = Timecode.parse("12:34:56:07", FrameRate.FPS_25);

        assertEquals(new Timecode(12, 34, 56, 7, FrameRate.FPS_25, false), tc);
    }

    @Test
    void whitespaceAroundIsIgnoredAndSingleDigitsAreAccepted() {
        assertEquals(
                Timecode.parse("01:02:03:04", FrameRate.FPS_25), Timecode.parse("  01:02:03:04 ", FrameRate.FPS_25));
        assertEquals(Timecode.parse("01:02:03:04", FrameRate.FPS_25), Timecode.parse("1:2:3:4", FrameRate.FPS_25));
    }

    @Test
    void framesAboveNinetyNinePrintWithThreeDigits() {
        FrameRate ntsc120 = FrameRate.parse("119.88");
        Timecode tc = Timecode.parse("00:00:01:119", ntsc120);

        assertEquals(239, tc.toFrames());
        assertEquals("00:00:01:119", tc.toString());
    }

    // ---- drop-frame ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "00:00:00;00, 29.97, 0",
        "00:00:59;29, 29.97, 1799",
        "00:01:00;02, 29.97, 1800",
        "00:02:00;02, 29.97, 3598",
        "00:09:59;29, 29.97, 17981",
        "00:10:00;00, 29.97, 17982",
        "00:10:00;01, 29.97, 17983",
        "00:11:00;02, 29.97, 19782",
        "01:00:00;00, 29.97, 107892",
        "10:03:00;05, 29.97, 1084319",
        "23:59:59;29, 29.97, 2589407",
        "00:00:59;59, 59.94, 3599",
        "00:01:00;04, 59.94, 3600",
        "00:10:00;00, 59.94, 35964",
        "01:00:00;00, 59.94, 215784",
        "23:59:59;59, 59.94, 5178815"
    })
    void dropFrameParsesAndPrintsWithASemicolon(String text, String rate, long frames) {
        FrameRate r = FrameRate.parse(rate);
        Timecode tc = Timecode.parse(text, r);

        assertTrue(tc.dropFrame());
        assertEquals(frames, tc.toFrames());
        assertEquals(text, tc.toString());
        assertEquals(tc, Timecode.fromFrames(frames, r, true));
    }

    @Test
    void separatorBeforeTheFramesDecidesDropFrame() {
        long df = 107_892L;
        assertEquals(df, Timecode.parse("01:00:00.00", DF30).toFrames(), "'.' is drop-frame");
        assertEquals(df, Timecode.parse("01;00;00;00", DF30).toFrames(), "all semicolons is drop-frame");
        assertEquals(108_000L, Timecode.parse("01:00:00:00", DF30).toFrames());
    }

    @Test
    void callerCanDecideDropFrame() {
        assertEquals(107_892L, Timecode.parse("01:00:00:00", DF30, true).toFrames());
        assertEquals("01:00:00;00", Timecode.parse("01:00:00:00", DF30, true).toString());
        assertEquals(108_000L, Timecode.parse("01:00:00;00", DF30, false).toFrames());
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "00:01:00;00, 29.97",
        "00:01:00;01, 29.97",
        "00:09:00;01, 29.97",
        "23:59:00;00, 29.97",
        "00:01:00;00, 59.94",
        "00:01:00;01, 59.94",
        "00:01:00;02, 59.94",
        "00:01:00;03, 59.94",
        "12:31:00;03, 59.94"
    })
    void droppedLabelsAreRejected(String text, String rate) {
        FrameRate r = FrameRate.parse(rate);

        GatewayException e = assertThrows(GatewayException.class, () -> Timecode.parse(text, r));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist in drop-frame"), e.getMessage());
    }

    @Test
    void droppedLabelsAreRejectedByTheConstructorToo() {
        GatewayException e = assertThrows(GatewayException.class, () -> new Timecode(0, 1, 0, 1, DF30, true));
        assertTrue(e.getMessage().contains("00:01:00;01"), e.getMessage());
    }

    @Test
    void dropFrameAt25IsRejected() {
        GatewayException parsed =
                assertThrows(GatewayException.class, () -> Timecode.parse("01:00:00;00", FrameRate.FPS_25));
        assertTrue(parsed.getMessage().contains("'01:00:00;00'"), parsed.getMessage());
        assertTrue(parsed.getMessage().contains("29.97 and 59.94"), parsed.getMessage());

        assertThrows(GatewayException.class, () -> new Timecode(1, 0, 0, 0, FrameRate.FPS_25, true));
        assertThrows(GatewayException.class, () -> Timecode.fromFrames(0, FrameRate.FPS_25, true));
        assertThrows(GatewayException.class, () -> Timecode.fromFrames(0, FrameRate.FPS_23_976, true));
        assertThrows(GatewayException.class, () -> Timecode.parse("01:00:00:00", FrameRate.FPS_30, true));
    }

    // ---- a day and its wrap -------------------------------------------------------------------

    @ParameterizedTest(name = "{0} DF={1}: {2}")
    @CsvSource({
        "29.97, true, 2589408",
        "59.94, true, 5178816",
        "29.97, false, 2592000",
        "23.976, false, 2073600",
        "25, false, 2160000",
        "60, false, 5184000"
    })
    void framesPerDay(String rate, boolean dropFrame, long perDay) {
        FrameRate r = FrameRate.parse(rate);

        assertEquals(perDay, Timecode.framesPerDay(r, dropFrame));
        Timecode last = Timecode.fromFrames(perDay - 1, r, dropFrame);
        assertEquals(23, last.hours());
        assertEquals(59, last.minutes());
        assertEquals(59, last.seconds());
        assertEquals(r.timecodeBase() - 1, last.frames());
    }

    @Test
    void fromFramesWrapsAt24Hours() {
        long day = Timecode.framesPerDay(FrameRate.FPS_25, false);

        assertEquals(
                "00:00:00:00", Timecode.fromFrames(day, FrameRate.FPS_25, false).toString());
        assertEquals(
                "00:00:00:05",
                Timecode.fromFrames(day + 5, FrameRate.FPS_25, false).toString());
        assertEquals(
                "01:00:00:00",
                Timecode.fromFrames(3 * day + 90_000, FrameRate.FPS_25, false).toString());

        long dfDay = Timecode.framesPerDay(DF30, true);
        assertEquals("00:00:00;00", Timecode.fromFrames(dfDay, DF30, true).toString());
        assertEquals(
                "00:01:00;02", Timecode.fromFrames(dfDay + 1800, DF30, true).toString());
        assertEquals(
                "23:59:59;29", Timecode.fromFrames(2 * dfDay - 1, DF30, true).toString());
    }

    @Test
    void negativeFrameCountsHaveNoTimecode() {
        GatewayException e =
                assertThrows(GatewayException.class, () -> Timecode.fromFrames(-1, FrameRate.FPS_25, false));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(GatewayException.class, () -> Timecode.of(RationalTime.of(-1, DF30), true));
    }

    static Stream<Arguments> everyFrameOfADay() {
        return Stream.of(Arguments.of(DF30, true), Arguments.of(DF60, true), Arguments.of(FrameRate.FPS_23_976, false));
    }

    /** Every label of a day: frame -> label -> text -> label -> frame, labels strictly increasing. */
    @ParameterizedTest(name = "{0} DF={1}")
    @MethodSource("everyFrameOfADay")
    void everyFrameOfADayRoundTrips(FrameRate rate, boolean dropFrame) {
        long perDay = Timecode.framesPerDay(rate, dropFrame);
        String previous = "";
        for (long n = 0; n < perDay; n++) {
            String text = Timecode.fromFrames(n, rate, dropFrame).toString();
            Timecode parsed = Timecode.parse(text, rate);
            if (parsed.toFrames() != n || text.compareTo(previous) <= 0 || parsed.dropFrame() != dropFrame) {
                throw new AssertionError("frame " + n + " printed as " + text + " after " + previous
                        + " parsed back to frame " + parsed.toFrames() + (parsed.dropFrame() ? " DF" : " NDF"));
            }
            previous = text;
        }
        assertEquals(dropFrame ? "23:59:59;" : "23:59:59:", previous.substring(0, 9));
        assertEquals(rate.timecodeBase() - 1, Integer.parseInt(previous.substring(9)));
    }

    // ---- malformed and out-of-range input -----------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-00:00:01:00",
                "24:00:00:00",
                "99:00:00:00",
                "00:60:00:00",
                "00:00:60:00",
                "00:00:00:25",
                "1:2:3",
                "aa:bb:cc:dd",
                "01:00:00:00:00",
                "01:00:00:",
                ":00:00:00",
                "01::00:00",
                "001:00:00:00",
                "01:00:00:0000",
                "01-00-00-00",
                "01:00:00:0x"
            })
    void malformedOrOutOfRangeIsRejectedNamingTheInput(String text) {
        GatewayException e = assertThrows(GatewayException.class, () -> Timecode.parse(text, FrameRate.FPS_25));

        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\u0001", "\u0000\t\u001f"}) // control characters alone trim to nothing
    void emptyIsRejected(String text) {
        GatewayException e = assertThrows(GatewayException.class, () -> Timecode.parse(text, FrameRate.FPS_25));

        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertThrows(GatewayException.class, () -> Timecode.parse(null, FrameRate.FPS_25));
    }

    @Test
    void outOfRangeMessagesSayWhatIsAllowed() {
        GatewayException frames =
                assertThrows(GatewayException.class, () -> Timecode.parse("00:00:00:25", FrameRate.FPS_25));
        assertTrue(frames.getMessage().contains("0-24"), frames.getMessage());

        GatewayException hours =
                assertThrows(GatewayException.class, () -> Timecode.parse("24:00:00:00", FrameRate.FPS_25));
        assertTrue(hours.getMessage().contains("hours 0-23"), hours.getMessage());

        GatewayException negative =
                assertThrows(GatewayException.class, () -> Timecode.parse("-00:00:01:00", FrameRate.FPS_25));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());

        GatewayException shape = assertThrows(GatewayException.class, () -> Timecode.parse("1:2:3", FrameRate.FPS_25));
        assertTrue(shape.getMessage().contains("HH:MM:SS:FF"), shape.getMessage());
    }

    @Test
    void framesMustFitTheRateNotJust25() {
        assertEquals(23, Timecode.parse("00:00:00:23", FrameRate.FPS_23_976).frames());
        assertThrows(GatewayException.class, () -> Timecode.parse("00:00:00:24", FrameRate.FPS_23_976));
        assertThrows(GatewayException.class, () -> Timecode.parse("00:00:00:30", DF30));
        assertEquals(59, Timecode.parse("00:00:00;59", DF60).frames());
        assertThrows(GatewayException.class, () -> Timecode.parse("00:00:00;60", DF60));
    }

    @Test
    void constructorRejectsNegativeAndOutOfRangeFields() {
        assertThrows(GatewayException.class, () -> new Timecode(-1, 0, 0, 0, FrameRate.FPS_25, false));
        assertThrows(GatewayException.class, () -> new Timecode(0, 0, 0, -1, FrameRate.FPS_25, false));
        assertThrows(GatewayException.class, () -> new Timecode(0, 0, 60, 0, FrameRate.FPS_25, false));
        assertThrows(NullPointerException.class, () -> new Timecode(0, 0, 0, 0, null, false));
    }
}
