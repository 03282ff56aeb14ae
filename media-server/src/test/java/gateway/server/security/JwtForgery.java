package gateway.server.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs for refusal tests: any header, any claims, signed with any key (or not at all). */
public final class JwtForgery {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private JwtForgery() {}

    public static String claims(String sub, String aud, Instant iat, Instant nbf, Instant exp) {
        return "{\"sub\":\"" + sub + "\",\"aud\":\"" + aud + "\",\"iat\":" + iat.getEpochSecond() + ",\"nbf\":"
                + nbf.getEpochSecond() + ",\"exp\":" + exp.getEpochSecond() + ",\"jti\":\"forged\"}";
    }

    public static String hs256(String kid, byte[] key, String claimsJson) {
        String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." + b64(claimsJson);
        return input + "." + B64.encodeToString(hmac(key, input));
    }

    public static String none(String claimsJson) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claimsJson) + ".";
    }

    private static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
