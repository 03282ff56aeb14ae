package gateway.index;

import gateway.model.asset.DurableFiles;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Search-after page tokens: the position after the last hit of a page (its score and sort key),
 * bound to the query and the readable projects, sealed with AES-GCM. Sealing makes a token opaque
 * (it does not show the asset it stops at, which a holder with fewer projects must not see) and
 * tamper-evident (an edited token, or one replayed for another query or other projects, is refused).
 */
final class PageTokens {
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String KEY_FILE = ".page-token.key";

    /**
     * One AES-GCM cipher per thread, initialised afresh (key and nonce) for every token: looking the
     * transformation up among the providers costs more than sealing a token.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new GatewayException(Reason.INTERNAL, "AES/GCM is missing from this JVM", e);
        }
    });

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** Where a page ended. {@code served}: hits returned so far, over all pages. */
    record Position(boolean lenient, long served, float score, String sortKey) {}

    private PageTokens(SecretKey key) {
        this.key = key;
    }

    /** The tokens of the catalogue under {@code indexRoot}; the key survives restarts in a file there. */
    static PageTokens under(Path indexRoot) {
        Path file = indexRoot.resolve(KEY_FILE);
        try {
            if (Files.isRegularFile(file) && Files.size(file) == 16) {
                return new PageTokens(new SecretKeySpec(Files.readAllBytes(file), "AES"));
            }
            byte[] k = new byte[16];
            new SecureRandom().nextBytes(k);
            DurableFiles.write(file, k, DurableFiles.Access.OWNER_ONLY);
            return new PageTokens(new SecretKeySpec(k, "AES"));
        } catch (IOException e) {
            throw GatewayException.io("cannot read or create the page-token key " + file + ": " + e, e);
        }
    }

    /** What a token is bound to: the query text, the page size and the readable projects. */
    static byte[] fingerprint(String query, int pageSize, Collection<ProjectId> readable) {
        try {
            MessageDigest sha = (MessageDigest) SHA_256.clone();
            sha.update(query.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Integer.toString(pageSize).getBytes(StandardCharsets.US_ASCII));
            List<String> projects =
                    readable.stream().map(ProjectId::value).sorted().toList();
            for (String p : projects) {
                sha.update((byte) 0);
                sha.update(p.getBytes(StandardCharsets.UTF_8));
            }
            return Arrays.copyOf(sha.digest(), 16);
        } catch (CloneNotSupportedException e) {
            throw new GatewayException(Reason.INTERNAL, "SHA-256 of this JVM cannot be cloned", e);
        }
    }

    /** Cloned per fingerprint: a clone is much cheaper than looking the algorithm up among the providers. */
    private static final MessageDigest SHA_256 = sha256();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new GatewayException(Reason.INTERNAL, "SHA-256 is missing from this JVM", e);
        }
    }

    String seal(byte[] fingerprint, Position p) {
        try {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(plain);
            out.writeByte(FORMAT);
            out.write(fingerprint);
            out.writeBoolean(p.lenient());
            out.writeLong(p.served());
            out.writeFloat(p.score());
            out.writeUTF(p.sortKey());
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = CIPHERS.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(plain.toByteArray());
            byte[] token = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, token, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, token, NONCE_BYTES, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (IOException | GeneralSecurityException e) {
            throw new GatewayException(Reason.INTERNAL, "cannot seal a page token: " + e, e);
        }
    }

    /** The position in {@code token}, which must have been sealed here for the same fingerprint. */
    Position open(String token, byte[] fingerprint) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token);
            if (raw.length <= NONCE_BYTES) {
                throw invalid();
            }
            Cipher c = CIPHERS.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            byte[] plain = c.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain));
            if (in.readByte() != FORMAT) {
                throw invalid();
            }
            byte[] bound = in.readNBytes(16);
            if (!MessageDigest.isEqual(bound, fingerprint)) {
                throw invalid();
            }
            return new Position(in.readBoolean(), in.readLong(), in.readFloat(), in.readUTF());
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            throw invalid();
        }
    }

    private static GatewayException invalid() {
        return GatewayException.invalid(
                "page token is not valid for this query and these projects; start again from the first page");
    }
}
