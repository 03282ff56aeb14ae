package gateway.ingest.offload;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an asset's original came from, as manifest metadata: written into the asset folder
 * ({@code original-source.json}) when the job is queued and merged into the manifest when the job
 * commits, so the worker never needs to know how the original got to where it reads it.
 */
public final class OriginalSource {
    static final String FILE = "original-source.json";
    /** Manifest metadata: "copy" (card offload) or "reference" (the original stays where it was). */
    public static final String META_MODE = "ingest_mode";
    /** Manifest metadata: the path the copy was made from (copy mode). */
    public static final String META_SOURCE_PATH = "source_path";

    /** Manifest metadata: the size of the original the worker read, in bytes. */
    public static final String META_ORIGINAL_SIZE = "original_size_bytes";

    public static final String META_SOURCE_SIZE = "source_size_bytes";
    public static final String META_SOURCE_MTIME = "source_modified_ms";
    /** The card or folder the original was given as part of (its MHL history and, in copy mode, its copy's place). */
    public static final String META_INTAKE_ROOT = "intake_root";
    /** Manifest metadata: the ASC MHL generation that lists the original. */
    public static final String META_MHL = "ascmhl_generation";
    /** The checksums taken at intake, and the size and modification time of the file they were taken of. */
    public static final String META_INTAKE_XXH64 = "intake_xxh64";

    public static final String META_INTAKE_MD5 = "intake_md5";
    public static final String META_INTAKE_SIZE = "intake_size_bytes";
    public static final String META_INTAKE_MTIME = "intake_modified_ms";

    /** The intake facts of a hashed original, to spare the worker a second read of it. */
    public static Map<String, String> intake(HashedFile f) {
        return Map.of(
                META_INTAKE_XXH64, f.checksums().xxh64(),
                META_INTAKE_MD5, f.checksums().md5(),
                META_INTAKE_SIZE, Long.toString(f.sizeBytes()),
                META_INTAKE_MTIME, Long.toString(f.modified().toEpochMilli()));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private OriginalSource() {}

    /** Records {@code metadata} for the asset whose folder is {@code assetDir}. */
    public static void write(Path assetDir, Map<String, String> metadata) {
        try {
            DurableFiles.write(
                    assetDir.resolve(FILE),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new TreeMap<>(metadata)));
        } catch (IOException e) {
            throw GatewayException.io("cannot encode the original's source for " + assetDir, e);
        }
    }

    /** The recorded metadata, or none. */
    public static Map<String, String> read(Path assetDir) {
        Path file = assetDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() {});
        } catch (IOException e) {
            throw new GatewayException(Reason.CORRUPT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
