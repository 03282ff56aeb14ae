package gateway.model.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FractionTest {
    @Test
    void keepsLowestTermsWithTheSignOnTheNumerator() {
        assertEquals(Fraction.of(-1, 3), Fraction.of(2, -6));
        assertEquals("-1/3", Fraction.of(2, -6).toString());
        assertEquals("4", Fraction.of(8, 2).toString());
        assertEquals(Fraction.ZERO, Fraction.of(0, -5));
        assertThrows(GatewayException.class, () -> new Fraction(BigInteger.TWO, BigInteger.TWO));
        assertThrows(GatewayException.class, () -> Fraction.of(1, 0));
    }

    @Test
    void floorAndCeilingRoundTowardsTheirSide() {
        assertEquals(2, Fraction.of(7, 3).floor());
        assertEquals(3, Fraction.of(7, 3).ceiling());
        assertEquals(-3, Fraction.of(-7, 3).floor());
        assertEquals(-2, Fraction.of(-7, 3).ceiling());
        assertEquals(5, Fraction.of(5).floor());
        assertEquals(5, Fraction.of(5).ceiling());
    }

    @Test
    void arithmeticIsExact() {
        Fraction third = Fraction.of(1, 3);
        assertEquals(Fraction.ONE, third.plus(third).plus(third));
        assertEquals(Fraction.of(1, 6), third.minus(Fraction.of(1, 6)));
        assertEquals(Fraction.of(2, 9), third.times(Fraction.of(2, 3)));
        assertEquals(Fraction.of(1, 2), third.dividedBy(Fraction.of(2, 3)));
        assertThrows(GatewayException.class, () -> third.dividedBy(Fraction.ZERO));
        assertEquals(-1, Fraction.of(-1, 3).compareTo(Fraction.of(-1, 4)));
    }

    @Test
    void parsesWhatItPrints() {
        assertEquals(Fraction.of(-1, 3), Fraction.parse(Fraction.of(-1, 3).toString()));
        assertEquals(Fraction.of(7), Fraction.parse(" 7 "));
        assertEquals(Fraction.of(1, 2), Fraction.parse("2/4"));
        assertThrows(GatewayException.class, () -> Fraction.parse("1.5"));
        assertThrows(GatewayException.class, () -> Fraction.parse("1/0"));
    }

    @Test
    void rescalesBetweenRatesWithoutRounding() {
        // 24 frames at 24000/1001 fps last 1.001 s: 25.025 frames at 25 fps
        assertEquals(Fraction.of(1001, 40), Fraction.rescaled(Fraction.of(24), FrameRate.FPS_23_976, FrameRate.FPS_25));
    }
}
