package gateway.model.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameRateTest {

    @ParameterizedTest
    @CsvSource({
        "24000/1001, 24000, 1001",
        "23.976, 24000, 1001",
        "23.98, 24000, 1001",
        "23.97, 24000, 1001",
        "29.97, 30000, 1001",
        "59.94, 60000, 1001",
        "47.95, 48000, 1001",
        "119.88, 120000, 1001",
        "29.970, 30000, 1001",
        "23.976023976, 24000, 1001",
        "25, 25, 1",
        "25/1, 25, 1",
        "25.0, 25, 1",
        "50/2, 25, 1",
        "48000/2002, 24000, 1001",
        "' 30 ', 30, 1",
        "60, 60, 1"
    })
    void parsesFractionsWholeNumbersAndNtscNamesToReducedForm(String text, int numerator, int denominator) {
        FrameRate rate = FrameRate.parse(text);

        assertEquals(numerator, rate.numerator(), text);
        assertEquals(denominator, rate.denominator(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-24", "0/1", "-24000/1001", "24/0", "0.00"})
    void rejectsZeroAndNegativeRatesNamingTheInput(String text) {
        GatewayException e = assertThrows(GatewayException.class, () -> FrameRate.parse(text));

        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "24fps", "24/abc", "/", "1/2/3", "twenty-four"})
    void rejectsTextThatIsNotANumber(String text) {
        GatewayException e = assertThrows(GatewayException.class, () -> FrameRate.parse(text));

        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("not a number"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"24.5", "23.99", "23.975", "29.9", "29.98", "59.95", "24.01", "12.3", "0.5", "0.01", "23.979"})
    void rejectsInexactDecimalsWithAClearMessage(String text) {
        GatewayException e = assertThrows(GatewayException.class, () -> FrameRate.parse(text));

        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("not exact"), e.getMessage());
        assertTrue(e.getMessage().contains("24000/1001"), "the message shows how to write it: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsEmptyText(String text) {
        GatewayException e = assertThrows(GatewayException.class, () -> FrameRate.parse(text));

        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(GatewayException.class, () -> FrameRate.parse(null));
    }

    @Test
    void constantsAreTheExactRationals() {
        assertEquals(new FrameRate(24000, 1001), FrameRate.FPS_23_976);
        assertEquals(new FrameRate(24, 1), FrameRate.FPS_24);
        assertEquals(new FrameRate(25, 1), FrameRate.FPS_25);
        assertEquals(new FrameRate(30000, 1001), FrameRate.FPS_29_97);
        assertEquals(new FrameRate(30, 1), FrameRate.FPS_30);
        assertEquals(new FrameRate(48, 1), FrameRate.FPS_48);
        assertEquals(new FrameRate(50, 1), FrameRate.FPS_50);
        assertEquals(new FrameRate(60000, 1001), FrameRate.FPS_59_94);
        assertEquals(new FrameRate(60, 1), FrameRate.FPS_60);
    }

    @Test
    void decimalNamesParseToTheConstants() {
        assertEquals(FrameRate.FPS_23_976, FrameRate.parse("23.976"));
        assertEquals(FrameRate.FPS_29_97, FrameRate.parse("29.97"));
        assertEquals(FrameRate.FPS_59_94, FrameRate.parse("59.94"));
        assertEquals(FrameRate.FPS_48, FrameRate.parse("48"));
        assertEquals(FrameRate.FPS_50, FrameRate.parse("50"));
    }

    @Test
    void ofReducesToLowestTerms() {
        assertEquals(FrameRate.FPS_23_976, FrameRate.of(48000, 2002));
        assertEquals(FrameRate.FPS_25, FrameRate.of(100, 4));
        assertEquals(FrameRate.FPS_30, FrameRate.of(30));
        assertEquals(new FrameRate(25, 2), FrameRate.of(12_500, 1_000));
    }

    @Test
    void constructorRefusesAnUnreducedOrNonPositiveFraction() {
        GatewayException unreduced = assertThrows(GatewayException.class, () -> new FrameRate(48, 2));
        assertTrue(unreduced.getMessage().contains("lowest terms"), unreduced.getMessage());

        assertThrows(GatewayException.class, () -> new FrameRate(0, 1));
        assertThrows(GatewayException.class, () -> new FrameRate(24, 0));
        assertThrows(GatewayException.class, () -> new FrameRate(-24, 1));
    }

    @Test
    void ofRejectsRatesThatDoNotFitAfterReduction() {
        assertThrows(GatewayException.class, () -> FrameRate.of(1L << 40, 3));
        assertEquals(new FrameRate(1, 1), FrameRate.of(1L << 40, 1L << 40));
    }

    @Test
    void ntsc23976IsNeverEqualTo24() {
        assertNotEquals(FrameRate.FPS_24, FrameRate.FPS_23_976);
        assertNotEquals(FrameRate.FPS_24, FrameRate.parse("23.976"));
        assertNotEquals(FrameRate.FPS_30, FrameRate.FPS_29_97);
        assertNotEquals(0, FrameRate.FPS_23_976.compareTo(FrameRate.FPS_24));
    }

    @Test
    void ordersByExactValue() {
        List<FrameRate> rates = new ArrayList<>(List.of(
                FrameRate.FPS_60,
                FrameRate.FPS_24,
                FrameRate.FPS_59_94,
                FrameRate.FPS_23_976,
                FrameRate.FPS_50,
                FrameRate.FPS_30,
                FrameRate.FPS_29_97,
                FrameRate.FPS_48,
                FrameRate.FPS_25));
        Collections.sort(rates);

        assertEquals(
                List.of(
                        FrameRate.FPS_23_976,
                        FrameRate.FPS_24,
                        FrameRate.FPS_25,
                        FrameRate.FPS_29_97,
                        FrameRate.FPS_30,
                        FrameRate.FPS_48,
                        FrameRate.FPS_50,
                        FrameRate.FPS_59_94,
                        FrameRate.FPS_60),
                rates);
        assertEquals(0, FrameRate.of(48, 2).compareTo(FrameRate.FPS_24));
        assertTrue(new FrameRate(2_000_000_000, 1).compareTo(new FrameRate(1_999_999_999, 1)) > 0, "no overflow");
    }

    @Test
    void timecodeBaseIsTheNominalFramesPerSecond() {
        assertEquals(24, FrameRate.FPS_23_976.timecodeBase());
        assertEquals(24, FrameRate.FPS_24.timecodeBase());
        assertEquals(25, FrameRate.FPS_25.timecodeBase());
        assertEquals(30, FrameRate.FPS_29_97.timecodeBase());
        assertEquals(30, FrameRate.FPS_30.timecodeBase());
        assertEquals(48, FrameRate.FPS_48.timecodeBase());
        assertEquals(50, FrameRate.FPS_50.timecodeBase());
        assertEquals(60, FrameRate.FPS_59_94.timecodeBase());
        assertEquals(60, FrameRate.FPS_60.timecodeBase());
    }

    @Test
    void dropFrameIsSupportedAt2997And5994Only() {
        assertTrue(FrameRate.FPS_29_97.supportsDropFrame());
        assertTrue(FrameRate.FPS_59_94.supportsDropFrame());
        for (FrameRate r : List.of(
                FrameRate.FPS_23_976,
                FrameRate.FPS_24,
                FrameRate.FPS_25,
                FrameRate.FPS_30,
                FrameRate.FPS_48,
                FrameRate.FPS_50,
                FrameRate.FPS_60)) {
            assertFalse(r.supportsDropFrame(), r.toString());
        }
    }

    @Test
    void ntscFamilyIsTheThousandOverTenOhOneRates() {
        assertTrue(FrameRate.FPS_23_976.isNtsc());
        assertTrue(FrameRate.FPS_59_94.isNtsc());
        assertFalse(FrameRate.FPS_24.isNtsc());
    }

    @Test
    void printsCanonicalFractionAndDisplayDecimal() {
        assertEquals("24000/1001", FrameRate.FPS_23_976.toString());
        assertEquals("25/1", FrameRate.FPS_25.toString());
        assertEquals("23.976", FrameRate.FPS_23_976.toDecimalString());
        assertEquals("29.97", FrameRate.FPS_29_97.toDecimalString());
        assertEquals("59.94", FrameRate.FPS_59_94.toDecimalString());
        assertEquals("25", FrameRate.FPS_25.toDecimalString());
    }

    @Test
    void printsForPeopleAsFramesPerSecondWithDropFrameWhereItExists() {
        assertEquals("24 fps", FrameRate.FPS_24.toFpsString());
        assertEquals("23.976 fps", FrameRate.FPS_23_976.toFpsString());
        assertEquals("29.97 fps DF", FrameRate.FPS_29_97.toFpsString(true));
        assertEquals("29.97 fps", FrameRate.FPS_29_97.toFpsString(false));
        assertEquals("25 fps", FrameRate.FPS_25.toFpsString(true), "25 has no drop-frame timecode");
    }

    @Test
    void canonicalSpellingRoundTrips() {
        for (FrameRate r : List.of(FrameRate.FPS_23_976, FrameRate.FPS_29_97, FrameRate.FPS_59_94, FrameRate.FPS_50)) {
            assertEquals(r, FrameRate.parse(r.toString()));
            assertEquals(r, FrameRate.parse(r.toDecimalString()));
        }
    }
}
