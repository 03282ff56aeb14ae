package gateway.tiers;

import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Where an object tier's access key and secret come from: environment variables (key
 * {@code tiers.<name>.credentials-env}, a prefix: {@code <PREFIX>_ACCESS_KEY_ID} and
 * {@code <PREFIX>_SECRET_ACCESS_KEY}) or a properties file readable by the node's user only
 * ({@code tiers.<name>.credentials-file}, keys {@code access-key-id} and {@code secret-access-key}),
 * or fixed in code (the embedded S3 server's local credentials, tests). The secret is never in the
 * config, a log line or a {@code toString}.
 */
public final class CredentialSource {
    private final String tier;
    private final String what;
    private final Function<String, String> env;
    private final Path file;
    private final String envPrefix;
    private final Credentials fixed;

    /** An access key id and its secret; {@code toString} shows the key id only. */
    public record Credentials(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "access key " + accessKeyId;
        }
    }

    private CredentialSource(
            String tier, String what, Function<String, String> env, Path file, String envPrefix, Credentials fixed) {
        this.tier = tier;
        this.what = what;
        this.env = env;
        this.file = file;
        this.envPrefix = envPrefix;
        this.fixed = fixed;
    }

    /** From {@code <prefix>_ACCESS_KEY_ID} and {@code <prefix>_SECRET_ACCESS_KEY} in the node's environment. */
    public static CredentialSource environment(String tier, String prefix) {
        return environment(tier, prefix, System::getenv);
    }

    /** As {@link #environment(String, String)}, reading variables through {@code env} (tests). */
    public static CredentialSource environment(String tier, String prefix, Function<String, String> env) {
        if (prefix == null || !prefix.matches("[A-Z][A-Z0-9_]*")) {
            throw GatewayException.invalid("config key tiers." + tier
                    + ".credentials-env must be an environment variable prefix in upper case (e.g. GATEWAY_ARCHIVE), not '"
                    + prefix + "'");
        }
        return new CredentialSource(
                tier, "environment " + prefix + "_ACCESS_KEY_ID / _SECRET_ACCESS_KEY", env, null, prefix, null);
    }

    /** From a properties file readable by the node's user only. */
    public static CredentialSource file(String tier, Path file) {
        return new CredentialSource(tier, "file " + file.toAbsolutePath(), null, file.toAbsolutePath(), null, null);
    }

    /** Fixed credentials (the embedded S3 server's local ones). */
    public static CredentialSource fixed(String tier, String accessKeyId, String secretAccessKey) {
        return new CredentialSource(
                tier, "fixed local credentials", null, null, null, new Credentials(accessKeyId, secretAccessKey));
    }

    /**
     * Reads the credentials now, refusing a file that group or others may read or write, and a
     * variable or key that is missing; every error names the tier and where it looked, never the secret.
     */
    public Credentials resolve() {
        if (fixed != null) {
            return fixed;
        }
        if (file != null) {
            return fromFile();
        }
        String id = env.apply(envPrefix + "_ACCESS_KEY_ID");
        String secret = env.apply(envPrefix + "_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw GatewayException.invalid("tier \"" + tier + "\": environment variables " + envPrefix
                    + "_ACCESS_KEY_ID and " + envPrefix + "_SECRET_ACCESS_KEY must both be set (config key tiers."
                    + tier + ".credentials-env)");
        }
        return new Credentials(id.strip(), secret.strip());
    }

    private Credentials fromFile() {
        String key = "config key tiers." + tier + ".credentials-file";
        if (!Files.isRegularFile(file)) {
            throw GatewayException.invalid(key + ": " + file + " does not exist or is not a file");
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> perms;
            try {
                perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw GatewayException.io(key + ": cannot read the permissions of " + file + ": " + e.getMessage(), e);
            }
            Set<PosixFilePermission> others = Set.of(
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            if (perms.stream().anyMatch(others::contains)) {
                throw new GatewayException(
                        gateway.model.error.Reason.PERMISSION_DENIED,
                        key + ": " + file + " may be read or written by group or others (mode "
                                + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                                + "); it holds a secret: chmod 600 it");
            }
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw GatewayException.io(key + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> need = Map.of("access-key-id", "", "secret-access-key", "");
        for (String k : need.keySet()) {
            if (p.getProperty(k, "").isBlank()) {
                throw GatewayException.invalid(key + ": " + file + " has no '" + k + "' line");
            }
        }
        return new Credentials(
                p.getProperty("access-key-id").strip(),
                p.getProperty("secret-access-key").strip());
    }

    @Override
    public String toString() {
        return "credentials of tier \"" + tier + "\" from " + what;
    }
}
