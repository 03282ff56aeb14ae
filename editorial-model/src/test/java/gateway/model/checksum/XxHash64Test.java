package gateway.model.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vectors computed independently: seed 0 with {@code xxhsum -H64} 0.8.1 on files of the same
 * bytes, other seeds with the reference library (libxxhash.so.0.8.1, XXH64) through ctypes.
 */
class XxHash64Test {

    /** The test pattern: byte i is (31 i + 7) mod 256. */
    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @ParameterizedTest
    @CsvSource({
        "0, ef46db3751d8e999",
        "1, a96c7f0ce858bbb7",
        "3, 56e6957632a487f9",
        "4, c60d15b1e3ff8f04",
        "5, 808815858624dd4e",
        "7, afbefc3d6c6f9a8e",
        "8, 3da5c7aa269683e0",
        "9, 4b17a9ba9e215c09",
        "15, ae2a37eb9357caa7",
        "16, a19ad429b02bc413",
        "31, 4a74f3a1a39ad4a1",
        "32, 8d57d6a4671cc43d",
        "33, 62c9fd21ed857664",
        "63, 5c320a0d2707057f",
        "64, 7bbabbc45729d17e",
        "65, f3980c34bae65dc1",
        "100, efa0ad2d3e70c151",
        "1000, 99594f4828043d35",
        "4099, 98531e44aa4f969d"
    })
    void matchesXxhsumWithSeedZero(int length, String expected) {
        byte[] data = pattern(length);
        assertEquals(expected, XxHash64.hex(XxHash64.hash(data, 0, length, 0)));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 1, d5afba1336a3be4b",
        "0, 2654435761, ac75fda2929b17ef",
        "0, -1, 298f4c84b24f5380",
        "5, 1, b15c817d13965acf",
        "5, 2654435761, 840b6a418001cba3",
        "5, -1, 46aa1666c18f56f6",
        "33, 1, b1575979b72c805a",
        "33, 2654435761, 5a653650552f822c",
        "33, -1, 51441ed0f594f61c",
        "100, 1, cd8103aecd2ed5cf",
        "100, 2654435761, 4ac13414471c7284",
        "100, -1, bd4fcaabf7cad1a6"
    })
    void matchesReferenceLibraryWithSeeds(int length, long seed, String expected) {
        assertEquals(expected, XxHash64.hex(XxHash64.hash(pattern(length), 0, length, seed)));
    }

    @Test
    void knownTextVector() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals("44bc2cf5ad770999", XxHash64.hex(XxHash64.hash(abc, 0, 3, 0)));
    }

    @Test
    void streamingInAnyPiecesEqualsOneShot() {
        byte[] data = pattern(4099);
        long expected = XxHash64.hash(data, 0, data.length, 7);
        Random random = new Random(42);
        for (int trial = 0; trial < 50; trial++) {
            XxHash64 h = new XxHash64(7);
            int pos = 0;
            while (pos < data.length) {
                int n = Math.min(data.length - pos, random.nextInt(70));
                h.update(data, pos, n);
                pos += n;
            }
            assertEquals(expected, h.digest(), "trial " + trial);
        }
    }

    @Test
    void digestDoesNotResetState() {
        byte[] data = pattern(100);
        XxHash64 h = new XxHash64();
        h.update(data, 0, 40);
        h.digest();
        h.update(data, 40, 60);
        assertEquals("efa0ad2d3e70c151", h.hexDigest());
    }

    @Test
    void hashOfASliceIgnoresTheRest() {
        byte[] data = pattern(200);
        byte[] slice = new byte[100];
        System.arraycopy(data, 50, slice, 0, 100);
        assertEquals(XxHash64.hash(slice, 0, 100, 0), XxHash64.hash(data, 50, 100, 0));
    }

    @Test
    void hexPadsToSixteenDigits() {
        assertEquals("000000000000000f", XxHash64.hex(15));
        assertEquals("ffffffffffffffff", XxHash64.hex(-1));
    }

    @Test
    void rejectsOutOfBoundsSlices() {
        assertThrows(IndexOutOfBoundsException.class, () -> new XxHash64().update(new byte[4], 2, 3));
    }
}
