package gateway.server.config;

import gateway.model.error.GatewayException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The node's security settings (keys under {@code server.tls.*}, {@code server.rate-limit.*} and
 * {@code auth.*}; see README "Configuration").
 *
 * @param tlsEnabled {@code server.tls.enabled}: null when not set (TLS on); false only on loopback
 * @param tlsCertFile {@code server.tls.cert-file}: PEM certificate chain; null for the self-signed default
 * @param tlsKeyFile {@code server.tls.key-file}: PEM PKCS#8 private key; with the certificate
 * @param callsPerSecond {@code server.rate-limit.calls-per-s}: sustained calls per principal
 * @param callBurst {@code server.rate-limit.burst}: calls a principal may make at once
 * @param loginAttemptsPerMinute {@code auth.login-attempts-per-min}: per user name (and for API keys)
 * @param refreshTokenTtl {@code auth.refresh-token-ttl-h}
 * @param keyRotationInterval {@code auth.key-rotation-interval-h}: 0 = only by {@code ./gateway user rotate-keys}
 * @param revocationCheckInterval {@code auth.revocation-check-interval-s}: how often live streams re-check (1-60)
 * @param scryptLog2N {@code auth.scrypt-log2-n}: scrypt cost of new password hashes (N = 2^value)
 * @param accessTokenTtl {@code auth.access-token-ttl-s}: lifetime of an access token, 1-900 s
 */
public record Security(
        Boolean tlsEnabled,
        Path tlsCertFile,
        Path tlsKeyFile,
        int callsPerSecond,
        int callBurst,
        int loginAttemptsPerMinute,
        Duration refreshTokenTtl,
        Duration keyRotationInterval,
        Duration revocationCheckInterval,
        int scryptLog2N,
        Duration accessTokenTtl) {

    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(15);

    public Security {
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw GatewayException.invalid(
                    "config keys server.tls.cert-file and server.tls.key-file go together: set both or neither");
        }
        if (Boolean.FALSE.equals(tlsEnabled) && tlsCertFile != null) {
            throw GatewayException.invalid(
                    "config key server.tls.enabled is false but server.tls.cert-file is set: remove one");
        }
        // Not set means on: one spelling for one meaning, so configurations compare equal.
        tlsEnabled = tlsEnabled == null ? Boolean.TRUE : tlsEnabled;
        range("server.rate-limit.calls-per-s", callsPerSecond, 1, 100_000);
        range("server.rate-limit.burst", callBurst, 1, 1_000_000);
        range("auth.login-attempts-per-min", loginAttemptsPerMinute, 1, 10_000);
        range("auth.refresh-token-ttl-h", refreshTokenTtl.toHours(), 1, 24 * 90);
        range("auth.key-rotation-interval-h", keyRotationInterval.toHours(), 0, 24 * 365);
        range("auth.revocation-check-interval-s", revocationCheckInterval.toSeconds(), 1, 60);
        range("auth.scrypt-log2-n", scryptLog2N, 10, 20);
        range("auth.access-token-ttl-s", accessTokenTtl.toSeconds(), 1, 900);
    }

    public static Security defaults() {
        return new Security(
                null,
                null,
                null,
                100,
                200,
                10,
                Duration.ofHours(168),
                Duration.ofHours(168),
                Duration.ofSeconds(15),
                15,
                DEFAULT_ACCESS_TOKEN_TTL);
    }

    /** Plaintext, which the node accepts only on a loopback host (tests, local tools). */
    public Security withTlsDisabled() {
        Copy c = new Copy(this);
        c.tlsEnabled = false;
        c.tlsCertFile = null;
        c.tlsKeyFile = null;
        return c.build();
    }

    public Security withRateLimit(int perSecond, int burst) {
        Copy c = new Copy(this);
        c.callsPerSecond = perSecond;
        c.callBurst = burst;
        return c.build();
    }

    public Security withRevocationCheckInterval(Duration interval) {
        Copy c = new Copy(this);
        c.revocationCheckInterval = interval;
        return c.build();
    }

    public Security withAccessTokenTtl(Duration ttl) {
        Copy c = new Copy(this);
        c.accessTokenTtl = ttl;
        return c.build();
    }

    public Security withScryptLog2N(int log2N) {
        Copy c = new Copy(this);
        c.scryptLog2N = log2N;
        return c.build();
    }

    /** True unless {@code server.tls.enabled: false} was set explicitly. */
    public boolean tls() {
        return !Boolean.FALSE.equals(tlsEnabled);
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw GatewayException.invalid("config key " + key + " must be " + min + "-" + max + ", not " + value);
        }
    }

    /** A mutable copy for the withers: one place lists every component. */
    private static final class Copy {
        private Boolean tlsEnabled;
        private Path tlsCertFile;
        private Path tlsKeyFile;
        private int callsPerSecond;
        private int callBurst;
        private int loginAttemptsPerMinute;
        private Duration refreshTokenTtl;
        private Duration keyRotationInterval;
        private Duration revocationCheckInterval;
        private int scryptLog2N;
        private Duration accessTokenTtl;

        Copy(Security c) {
            tlsEnabled = c.tlsEnabled;
            tlsCertFile = c.tlsCertFile;
            tlsKeyFile = c.tlsKeyFile;
            callsPerSecond = c.callsPerSecond;
            callBurst = c.callBurst;
            loginAttemptsPerMinute = c.loginAttemptsPerMinute;
            refreshTokenTtl = c.refreshTokenTtl;
            keyRotationInterval = c.keyRotationInterval;
            revocationCheckInterval = c.revocationCheckInterval;
            scryptLog2N = c.scryptLog2N;
            accessTokenTtl = c.accessTokenTtl;
        }

        Security build() {
            return new Security(
                    tlsEnabled,
                    tlsCertFile,
                    tlsKeyFile,
                    callsPerSecond,
                    callBurst,
                    loginAttemptsPerMinute,
                    refreshTokenTtl,
                    keyRotationInterval,
                    revocationCheckInterval,
                    scryptLog2N,
                    accessTokenTtl);
        }
    }
}
