package gateway.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The node's token signing keys in {@code <store>/security/token-keys.json} (mode 600): the
 * current key signs, the previous ones still verify the tokens they signed until those expire.
 * {@link #rotate} adds a new current key and drops previous keys older than the token lifetime
 * (or all of them, after a leak). The file is shared with {@code ./gateway user rotate-keys}.
 */
public final class KeyRing {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** One HMAC key, its id ({@code kid} in the token header) and when it became current. */
    public record SigningKey(String id, byte[] secret, Instant created) {
        public SigningKey {
            secret = secret.clone();
            if (secret.length < 32) {
                throw new GatewayException(Reason.CORRUPT, "signing key " + id + " is shorter than 32 bytes");
            }
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }
    }

    private final StateFile file;
    private final Clock clock;

    public KeyRing(Path securityDir, Clock clock) {
        this.file = new StateFile(securityDir.resolve("token-keys.json"));
        this.clock = clock;
        if (keys(file.read()).isEmpty()) {
            Optional<byte[]> legacy = legacyKey(securityDir.resolve("token-key"));
            file.update(root -> keys(root).isEmpty() ? withNewKey(root, legacy.orElse(null), List.of()) : root);
        }
    }

    /** The key that signs new tokens. */
    public SigningKey current() {
        List<SigningKey> keys = ring();
        if (keys.isEmpty()) {
            throw new GatewayException(Reason.FAILED_PRECONDITION, "no signing key in " + file.path());
        }
        return keys.get(0);
    }

    /** The key with this id, while it is in the ring. */
    public Optional<SigningKey> find(String id) {
        return ring().stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** Whether the key with this id is still in the ring (a look-up with no copy of any secret). */
    public boolean holds(String id) {
        for (SigningKey k : ring()) {
            if (k.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    public List<SigningKey> all() {
        return ring();
    }

    /** The keys, newest first, decoded once per version of the file (a stat per call otherwise). */
    private List<SigningKey> ring() {
        return file.view("keys", root -> List.copyOf(keys(root)));
    }

    /**
     * Makes a new key current. Previous keys stay for {@code keepPrevious} (the access-token
     * lifetime, so tokens already out keep working until they expire); zero drops them at once.
     */
    public SigningKey rotate(Duration keepPrevious) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(keepPrevious);
        ObjectNode root = file.update(r -> {
            List<SigningKey> old = keys(r);
            List<SigningKey> kept = new ArrayList<>();
            // Key i stopped signing when key i-1 was made; the current key stops now.
            for (int i = 0; i < old.size() && !keepPrevious.isZero(); i++) {
                Instant stoppedSigning = i == 0 ? now : old.get(i - 1).created();
                if (stoppedSigning.isAfter(cutoff)) {
                    kept.add(old.get(i));
                }
            }
            return withNewKey(r, null, kept);
        });
        return keys(root).get(0);
    }

    /** Rotates when the current key is older than {@code interval}; true when it did. */
    public boolean rotateIfOlderThan(Duration interval, Duration keepPrevious) {
        if (current().created().plus(interval).isAfter(clock.instant())) {
            return false;
        }
        rotate(keepPrevious);
        return true;
    }

    private ObjectNode withNewKey(ObjectNode root, byte[] secret, List<SigningKey> previous) {
        byte[] s = secret;
        if (s == null) {
            s = new byte[32];
            RANDOM.nextBytes(s);
        }
        List<SigningKey> keys = new ArrayList<>();
        keys.add(new SigningKey("k-" + UUID.randomUUID().toString().substring(0, 8), s, clock.instant()));
        keys.addAll(previous);
        return write(keys);
    }

    private static ObjectNode write(List<SigningKey> keys) {
        ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ArrayNode arr = out.putArray("keys");
        for (SigningKey k : keys) {
            arr.addObject()
                    .put("kid", k.id())
                    .put("secret", B64.encodeToString(k.secret()))
                    .put("created", k.created().toString());
        }
        return out;
    }

    /** Newest first. */
    private static List<SigningKey> keys(ObjectNode root) {
        List<SigningKey> out = new ArrayList<>();
        for (JsonNode k : root.path("keys")) {
            try {
                out.add(new SigningKey(
                        k.path("kid").asText(),
                        B64D.decode(k.path("secret").asText()),
                        Instant.parse(k.path("created").asText())));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new GatewayException(Reason.CORRUPT, "a signing key in token-keys.json is damaged", e);
            }
        }
        return out;
    }

    /** The single key of older nodes ({@code security/token-key}), kept so their tokens stay valid. */
    private static Optional<byte[]> legacyKey(Path file) {
        try {
            return Files.exists(file)
                    ? Optional.of(B64D.decode(Files.readString(file).trim()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw GatewayException.io("cannot read the old token key " + file + ": " + e.getMessage(), e);
        }
    }
}
