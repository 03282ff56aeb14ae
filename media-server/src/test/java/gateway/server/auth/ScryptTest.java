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

/** scrypt against the test vectors of RFC 7914 (sections 11 and 12). */
class ScryptTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void pbkdf2HmacSha256MatchesRfc7914Section11() {
        assertArrayEquals(
                hex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
                Scrypt.pbkdf2Sha256(ascii("passwd"), ascii("salt"), 1, 64));
        assertArrayEquals(
                hex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
                Scrypt.pbkdf2Sha256(ascii("Password"), ascii("NaCl"), 80000, 64));
    }

    @Test
    void emptyPasswordAndSaltVector() {
        assertArrayEquals(
                hex("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                        + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
                Scrypt.derive(new byte[0], new byte[0], 16, 1, 1, 64));
    }

    @Test
    void passwordNaClVectorWithSixteenLanes() {
        assertArrayEquals(
                hex("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                        + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
                Scrypt.derive(ascii("password"), ascii("NaCl"), 1024, 8, 16, 64));
    }

    @Test
    void pleaseLetMeInVectorAtN16384() {
        assertArrayEquals(
                hex("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                        + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
                new ScryptParams(14, 8, 1, 64).derive(ascii("pleaseletmein"), ascii("SodiumChloride")));
    }

    @Test
    void refusesACostThatIsNotAPowerOfTwo() {
        assertThrows(GatewayException.class, () -> Scrypt.derive(ascii("p"), ascii("s"), 1000, 8, 1, 32));
        assertThrows(GatewayException.class, () -> new ScryptParams(15, 0, 1, 32));
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
