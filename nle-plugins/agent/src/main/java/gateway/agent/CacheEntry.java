package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One cached rendition, as {@code cache.json} records it.
 *
 * @param relativePath the file relative to the cache root, '/' separated (see {@link StableName})
 * @param xxh64 XXH64 (seed 0) of the whole file, 16 lower-case hex digits
 * @param lastUsedAt when it was last fetched or asked for; eviction drops the oldest first
 */
public record CacheEntry(
        AssetId assetId,
        ProjectId project,
        String profile,
        String relativePath,
        long sizeBytes,
        String xxh64,
        Instant fetchedAt,
        Instant lastUsedAt) {

    /** The key of an asset's rendition in the index. */
    static String keyOf(AssetId assetId, String profile) {
        return assetId.value() + "/" + profile;
    }

    String key() {
        return keyOf(assetId, profile);
    }

    /** The cached file: the stable path an NLE links to. */
    public Path file(Path root) {
        Path file = root;
        for (String part : relativePath.split("/")) {
            file = file.resolve(part);
        }
        return file;
    }

    CacheEntry usedAt(Instant when) {
        return new CacheEntry(assetId, project, profile, relativePath, sizeBytes, xxh64, fetchedAt, when);
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("asset_id", assetId.value());
        n.put("project", project.value());
        n.put("profile", profile);
        n.put("path", relativePath);
        n.put("size_bytes", sizeBytes);
        n.put("xxh64", xxh64);
        n.put("fetched_at", fetchedAt.toString());
        n.put("last_used_at", lastUsedAt.toString());
        return n;
    }

    static CacheEntry fromJson(JsonNode n, Path source) {
        try {
            String path = text(n, "path", source);
            if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new GatewayException(Reason.CORRUPT, source + ": entry path '" + path + "' leaves the cache");
            }
            return new CacheEntry(
                    new AssetId(text(n, "asset_id", source)),
                    new ProjectId(text(n, "project", source)),
                    StableName.requireProfile(text(n, "profile", source)),
                    path,
                    n.path("size_bytes").asLong(-1),
                    text(n, "xxh64", source),
                    Instant.parse(text(n, "fetched_at", source)),
                    Instant.parse(text(n, "last_used_at", source)));
        } catch (DateTimeParseException e) {
            throw new GatewayException(Reason.CORRUPT, source + ": an entry has a bad timestamp: " + e.getMessage(), e);
        } catch (GatewayException e) {
            if (e.reason() == Reason.CORRUPT) {
                throw e;
            }
            throw new GatewayException(Reason.CORRUPT, source + ": bad entry " + n + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field, Path source) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new GatewayException(Reason.CORRUPT, source + ": an entry lacks the text field '" + field + "'");
        }
        return v.asText();
    }
}
