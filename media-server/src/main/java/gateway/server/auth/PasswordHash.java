package gateway.server.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A stored password hash and how it was made: {@code scrypt} (current) or {@code pbkdf2-sha256}
 * (read from older user files and replaced by scrypt at the next successful login).
 *
 * @param scheme {@code scrypt} or {@code pbkdf2-sha256}
 * @param scrypt the scrypt cost (null for PBKDF2)
 * @param iterations PBKDF2 iterations (0 for scrypt)
 * @param salt base64 salt
 * @param hash base64 derived key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PasswordHash(String scheme, ScryptParams scrypt, int iterations, String salt, String hash) {
    public static final String SCRYPT = "scrypt";
    public static final String PBKDF2 = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    public PasswordHash {
        if (!SCRYPT.equals(scheme) && !PBKDF2.equals(scheme)) {
            throw new GatewayException(Reason.CORRUPT, "unknown password hash scheme '" + scheme + "'");
        }
        if (SCRYPT.equals(scheme) && scrypt == null) {
            throw new GatewayException(Reason.CORRUPT, "an scrypt password hash has no parameters");
        }
    }

    /** A new scrypt hash of {@code password} with a random 16-byte salt. */
    public static PasswordHash create(String password, ScryptParams params) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new PasswordHash(SCRYPT, params, 0, b64(salt), b64(params.derive(utf8(password), salt)));
    }

    /** Whether {@code password} is the one hashed here (compared in constant time). */
    public boolean matches(String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(salt());
        byte[] expected = Base64.getDecoder().decode(hash());
        byte[] actual = SCRYPT.equals(scheme)
                ? scrypt.derive(utf8(password), salt)
                : pbkdf2(password, salt, iterations, expected.length * 8);
        return MessageDigest.isEqual(expected, actual);
    }

    /** True when this hash should be replaced by one made with {@code current} (old scheme or lower cost). */
    public boolean needsUpgrade(ScryptParams current) {
        return !SCRYPT.equals(scheme) || scrypt.weakerThan(current);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bits) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new GatewayException(Reason.INTERNAL, "PBKDF2 is not available: " + e.getMessage(), e);
        }
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
