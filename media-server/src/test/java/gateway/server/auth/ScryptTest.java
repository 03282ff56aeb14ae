package gateway.server.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link ScryptParams#derive} (Bouncy Castle's scrypt) against the test vectors of RFC 7914 section 12:
 * the parameters reach the function in the right order and units (N from log2 N, r, p, key length).
 */
class ScryptTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void emptyPasswordAndSaltVector() {
        assertArrayEquals(
                hex("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                        + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
                new ScryptParams(4, 1, 1, 64).derive(new byte[0], new byte[0]));
    }

    @Test
    void passwordNaClVectorWithSixteenLanes() {
        assertArrayEquals(
                hex("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                        + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
                new ScryptParams(10, 8, 16, 64).derive(ascii("password"), ascii("NaCl")));
    }

    @Test
    void pleaseLetMeInVectorAtN16384() {
        assertArrayEquals(
                hex("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                        + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
                new ScryptParams(14, 8, 1, 64).derive(ascii("pleaseletmein"), ascii("SodiumChloride")));
    }

    @Test
    void refusesParametersOutOfRange() {
        assertThrows(GatewayException.class, () -> new ScryptParams(0, 8, 1, 32));
        assertThrows(GatewayException.class, () -> new ScryptParams(23, 8, 1, 32));
        assertThrows(GatewayException.class, () -> new ScryptParams(15, 0, 1, 32));
        assertThrows(GatewayException.class, () -> new ScryptParams(15, 8, 17, 32));
        assertThrows(GatewayException.class, () -> new ScryptParams(15, 8, 1, 8));
    }

    @Test
    void passwordHashMatchesOnlyItsPasswordAndKnowsWhenItIsTooCheap() {
        ScryptParams cheap = ScryptParams.DEFAULT.withLog2N(10);
        PasswordHash h = PasswordHash.create("correct horse", cheap);
        assertTrue(h.matches("correct horse"));
        assertFalse(h.matches("correct horsE"));
        assertFalse(h.matches(""));
        assertEquals(PasswordHash.SCRYPT, h.scheme());
        assertFalse(h.needsUpgrade(cheap));
        assertTrue(h.needsUpgrade(ScryptParams.DEFAULT));
        // same password, another salt: another hash
        assertFalse(h.hash().equals(PasswordHash.create("correct horse", cheap).hash()));
    }
}
