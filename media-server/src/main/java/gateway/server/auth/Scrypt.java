package gateway.server.auth;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * scrypt as RFC 7914 defines it: PBKDF2-HMAC-SHA256 spreads the password over {@code p} blocks,
 * ROMix (built on BlockMix with the Salsa20/8 core) makes each block expensive in memory, and a
 * last PBKDF2 pass derives the key. Written from the RFC; checked against its test vectors.
 */
final class Scrypt {
    private Scrypt() {}

    /** The derived key of {@code password} and {@code salt} with cost {@code n} (a power of two), {@code r}, {@code p}. */
    static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int keyBytes) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw GatewayException.invalid("scrypt cost N must be a power of two above 1, not " + n);
        }
        if (r < 1 || p < 1 || (long) r * p >= (1 << 30) || (long) n * r > Integer.MAX_VALUE / 128) {
            throw GatewayException.invalid("scrypt parameters r=" + r + ", p=" + p + ", N=" + n + " are out of range");
        }
        int blockBytes = 128 * r;
        byte[] b = pbkdf2Sha256(password, salt, 1, p * blockBytes);
        int[] x = new int[32 * r];
        int[] v = new int[32 * r * n];
        int[] scratch = new int[32 * r];
        for (int i = 0; i < p; i++) {
            roMix(b, i * blockBytes, r, n, x, v, scratch);
        }
        return pbkdf2Sha256(password, b, 1, keyBytes);
    }

    /** PBKDF2 with HMAC-SHA256 (RFC 8018) over raw bytes: the JDK's own takes only non-empty chars. */
    static byte[] pbkdf2Sha256(byte[] password, byte[] salt, int iterations, int keyBytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // HMAC pads a short key with zeros, so an empty key is the same as one zero byte;
            // SecretKeySpec refuses an empty array.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            byte[] out = new byte[keyBytes];
            int blocks = (keyBytes + 31) / 32;
            for (int i = 1; i <= blocks; i++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
                byte[] u = mac.doFinal();
                byte[] t = u.clone();
                for (int c = 1; c < iterations; c++) {
                    u = mac.doFinal(u);
                    for (int k = 0; k < t.length; k++) {
                        t[k] ^= u[k];
                    }
                }
                System.arraycopy(t, 0, out, (i - 1) * 32, Math.min(32, keyBytes - (i - 1) * 32));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new GatewayException(Reason.INTERNAL, "HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }

    /** ROMix on the block of {@code b} at {@code offset}, in place. */
    private static void roMix(byte[] b, int offset, int r, int n, int[] x, int[] v, int[] scratch) {
        int words = 32 * r;
        for (int k = 0; k < words; k++) {
            x[k] = littleEndian(b, offset + 4 * k);
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, 0, v, i * words, words);
            blockMix(x, scratch, r);
        }
        for (int i = 0; i < n; i++) {
            int j = integerify(x, r) & (n - 1);
            for (int k = 0; k < words; k++) {
                x[k] ^= v[j * words + k];
            }
            blockMix(x, scratch, r);
        }
        for (int k = 0; k < words; k++) {
            int w = x[k];
            int at = offset + 4 * k;
            b[at] = (byte) w;
            b[at + 1] = (byte) (w >>> 8);
            b[at + 2] = (byte) (w >>> 16);
            b[at + 3] = (byte) (w >>> 24);
        }
    }

    /** The low 32 bits of the last 64-byte block, which is all N (an int) can use. */
    private static int integerify(int[] x, int r) {
        return x[(2 * r - 1) * 16];
    }

    /** BlockMix-Salsa20/8: 2r 64-byte blocks in, even outputs first then odd, in place. */
    static void blockMix(int[] b, int[] y, int r) {
        int[] t = new int[16];
        System.arraycopy(b, (2 * r - 1) * 16, t, 0, 16);
        for (int i = 0; i < 2 * r; i++) {
            for (int k = 0; k < 16; k++) {
                t[k] ^= b[i * 16 + k];
            }
            salsa20x8(t);
            // Y_i goes to position i/2 (even i) or r + i/2 (odd i).
            int to = (i % 2 == 0 ? i / 2 : r + i / 2) * 16;
            System.arraycopy(t, 0, y, to, 16);
        }
        System.arraycopy(y, 0, b, 0, 32 * r);
    }

    /** The Salsa20/8 core on 16 little-endian words, in place. */
    static void salsa20x8(int[] b) {
        int[] x = Arrays.copyOf(b, 16);
        for (int i = 0; i < 8; i += 2) {
            x[4] ^= Integer.rotateLeft(x[0] + x[12], 7);
            x[8] ^= Integer.rotateLeft(x[4] + x[0], 9);
            x[12] ^= Integer.rotateLeft(x[8] + x[4], 13);
            x[0] ^= Integer.rotateLeft(x[12] + x[8], 18);
            x[9] ^= Integer.rotateLeft(x[5] + x[1], 7);
            x[13] ^= Integer.rotateLeft(x[9] + x[5], 9);
            x[1] ^= Integer.rotateLeft(x[13] + x[9], 13);
            x[5] ^= Integer.rotateLeft(x[1] + x[13], 18);
            x[14] ^= Integer.rotateLeft(x[10] + x[6], 7);
            x[2] ^= Integer.rotateLeft(x[14] + x[10], 9);
            x[6] ^= Integer.rotateLeft(x[2] + x[14], 13);
            x[10] ^= Integer.rotateLeft(x[6] + x[2], 18);
            x[3] ^= Integer.rotateLeft(x[15] + x[11], 7);
            x[7] ^= Integer.rotateLeft(x[3] + x[15], 9);
            x[11] ^= Integer.rotateLeft(x[7] + x[3], 13);
            x[15] ^= Integer.rotateLeft(x[11] + x[7], 18);
            x[1] ^= Integer.rotateLeft(x[0] + x[3], 7);
            x[2] ^= Integer.rotateLeft(x[1] + x[0], 9);
            x[3] ^= Integer.rotateLeft(x[2] + x[1], 13);
            x[0] ^= Integer.rotateLeft(x[3] + x[2], 18);
            x[6] ^= Integer.rotateLeft(x[5] + x[4], 7);
            x[7] ^= Integer.rotateLeft(x[6] + x[5], 9);
            x[4] ^= Integer.rotateLeft(x[7] + x[6], 13);
            x[5] ^= Integer.rotateLeft(x[4] + x[7], 18);
            x[11] ^= Integer.rotateLeft(x[10] + x[9], 7);
            x[8] ^= Integer.rotateLeft(x[11] + x[10], 9);
            x[9] ^= Integer.rotateLeft(x[8] + x[11], 13);
            x[10] ^= Integer.rotateLeft(x[9] + x[8], 18);
            x[12] ^= Integer.rotateLeft(x[15] + x[14], 7);
            x[13] ^= Integer.rotateLeft(x[12] + x[15], 9);
            x[14] ^= Integer.rotateLeft(x[13] + x[12], 13);
            x[15] ^= Integer.rotateLeft(x[14] + x[13], 18);
        }
        for (int i = 0; i < 16; i++) {
            b[i] += x[i];
        }
    }

    private static int littleEndian(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
