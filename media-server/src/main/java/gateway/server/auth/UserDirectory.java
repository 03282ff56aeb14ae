package gateway.server.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Users, their password hashes and their grants, in {@code <store>/security/users.json} (written
 * to a temp file, fsynced, renamed). Passwords are hashed with PBKDF2-HMAC-SHA256 and a per-user salt.
 */
public final class UserDirectory {
    private static final int ITERATIONS = 210_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One user as stored. */
    public record User(
            String name, String salt, String hash, int iterations, Map<String, Role> grants, boolean disabled) {}

    private final Path file;
    private final Map<String, User> users = new TreeMap<>();

    public UserDirectory(Path securityDir) {
        this.file = securityDir.resolve("users.json");
        load();
    }

    public synchronized Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /** Creates or replaces a user with a new password. */
    public synchronized void put(String name, String password, Map<ProjectId, Role> grants) {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw GatewayException.invalid("user name '" + name + "' must be 1-64 letters, digits or . _ @ -");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Map<String, Role> g = new LinkedHashMap<>();
        grants.forEach((p, r) -> g.put(p.value(), r));
        users.put(name, new User(name, b64(salt), b64(hash(password, salt, ITERATIONS)), ITERATIONS, g, false));
        save();
    }

    /** The principal for these credentials, or empty when they are wrong (constant-time compare). */
    public Optional<Principal> authenticate(String name, String password) {
        User u;
        synchronized (this) {
            u = users.get(name);
        }
        byte[] salt = u == null ? new byte[16] : Base64.getDecoder().decode(u.salt());
        byte[] expected = u == null ? new byte[32] : Base64.getDecoder().decode(u.hash());
        byte[] actual = hash(password == null ? "" : password, salt, u == null ? ITERATIONS : u.iterations());
        if (u == null || u.disabled() || !MessageDigest.isEqual(expected, actual)) {
            return Optional.empty();
        }
        return Optional.of(principalOf(u));
    }

    /** The current grants of a user, or empty when the user is gone or disabled. */
    public synchronized Optional<Principal> principal(String name) {
        User u = users.get(name);
        return u == null || u.disabled() ? Optional.empty() : Optional.of(principalOf(u));
    }

    private static Principal principalOf(User u) {
        Map<ProjectId, Role> grants = new LinkedHashMap<>();
        u.grants().forEach((p, r) -> grants.put(new ProjectId(p), r));
        return new Principal(u.name(), grants);
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Map<String, User> read = JSON.readValue(file.toFile(), new TypeReference<Map<String, User>>() {});
            users.putAll(read);
        } catch (IOException e) {
            throw new GatewayException(Reason.CORRUPT, "cannot read users from " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(users);
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw GatewayException.io("cannot write users to " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] hash(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new GatewayException(Reason.INTERNAL, "PBKDF2 is not available: " + e.getMessage(), e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
