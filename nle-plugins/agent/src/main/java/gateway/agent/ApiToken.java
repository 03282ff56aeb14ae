package gateway.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The localhost API's per-start secret: 32 random bytes, url-safe base64 without padding (43
 * characters). Compared in constant time; never shown by {@link #toString()}.
 */
final class ApiToken {
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    static ApiToken random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new ApiToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    String value() {
        return value;
    }

    /** True when {@code presented} is this token (constant time in its length). */
    boolean matches(String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ApiToken[hidden]";
    }
}
