package gateway.server.auth;

import gateway.model.error.GatewayException;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The cost of one scrypt hash, stored with every hash so the defaults can move without locking
 * anyone out: N = 2^{@code log2N} (memory and time), block size {@code r}, parallelism {@code p}.
 * Memory is 128 · r · N bytes: 32 MiB for the default N = 2^15, r = 8.
 *
 * <p>The function is RFC 7914's scrypt, computed by Bouncy Castle; hashes stored by the node's
 * own earlier implementation verify unchanged (same function, same parameters, same bytes).
 */
public record ScryptParams(int log2N, int r, int p, int keyBytes) {
    public static final ScryptParams DEFAULT = new ScryptParams(15, 8, 1, 32);

    public ScryptParams {
        if (log2N < 1 || log2N > 22) {
            throw GatewayException.invalid("scrypt log2(N) must be 1-22, not " + log2N);
        }
        if (r < 1 || r > 32 || p < 1 || p > 16) {
            throw GatewayException.invalid("scrypt r must be 1-32 and p 1-16, not r=" + r + ", p=" + p);
        }
        if (keyBytes < 16 || keyBytes > 64) {
            throw GatewayException.invalid("scrypt key length must be 16-64 bytes, not " + keyBytes);
        }
    }

    /** Same r, p and key length at another cost. */
    public ScryptParams withLog2N(int log2) {
        return new ScryptParams(log2, r, p, keyBytes);
    }

    public byte[] derive(byte[] password, byte[] salt) {
        return SCrypt.generate(password, salt, 1 << log2N, r, p, keyBytes);
    }

    /** True when a hash made with these parameters is weaker than one made with {@code target}. */
    public boolean weakerThan(ScryptParams target) {
        return log2N < target.log2N || r < target.r || p < target.p || keyBytes < target.keyBytes;
    }
}
