package gateway.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque high-entropy secrets (refresh tokens, API keys): 32 random bytes behind a prefix that
 * says what they are. With that much entropy a plain SHA-256 digest is a safe stored form.
 */
final class Secrets {
    static final String REFRESH_PREFIX = "rt_";
    static final String API_KEY_PREFIX = "gk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    static String newToken(String prefix) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
