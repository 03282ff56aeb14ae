package gateway.ingest.offload;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A C4 ID (SMPTE ST 2114): the SHA-512 of the bytes in base 58, left-padded with '1' to 88 digits,
 * after the prefix "c4". ASC MHL v2 names each generation in the chain file by its C4 ID.
 */
final class C4Id {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int DIGITS = 88;

    private C4Id() {}

    static String of(byte[] bytes) {
        BigInteger n = new BigInteger(1, sha512().digest(bytes));
        char[] out = new char[DIGITS];
        for (int i = DIGITS - 1; i >= 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out[i] = ALPHABET.charAt(qr[1].intValue());
            n = qr[0];
        }
        return "c4" + new String(out);
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new GatewayException(Reason.INTERNAL, "this JVM has no SHA-512 digest", e);
        }
    }
}
