package gateway.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.AssetId;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The content of {@code cache.json}: the cached renditions by key and the pinned projects. A
 * mutable snapshot; {@link ProxyCache} reads it, changes it and writes it back under its lock.
 *
 * <pre>
 * {"schema": 1,
 *  "pinned_projects": ["feature_01"],
 *  "pinned_plans": {"p-0123456789abcdef": ["asset id", ...]},
 *  "entries": [{"asset_id": "...", "project": "...", "profile": "edit", "path": "feature_01/A001C003__a001c003.mov",
 *               "size_bytes": 123, "xxh64": "0123456789abcdef", "fetched_at": "...Z", "last_used_at": "...Z"}]}
 * </pre>
 */
final class CacheIndex {
    static final String FILE_NAME = "cache.json";
    private static final int SCHEMA = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TreeMap<String, CacheEntry> entries = new TreeMap<>();
    private final TreeSet<String> pinned = new TreeSet<>();
    /** Pinned take-away plans: plan id → the asset ids whose renditions it keeps. */
    private final TreeMap<String, List<String>> pinnedPlans = new TreeMap<>();

    /** Reads the index; a missing file is an empty cache, an unreadable one fails CORRUPT naming it. */
    static CacheIndex read(Path file) {
        CacheIndex index = new CacheIndex();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return index;
        } catch (JsonProcessingException e) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    file + " is not valid JSON (" + e.getOriginalMessage() + "); move it aside to start an empty cache",
                    e);
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.path("schema").asInt() != SCHEMA) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    file + " has schema " + (root == null ? null : root.get("schema")) + "; this agent reads schema "
                            + SCHEMA);
        }
        for (JsonNode p : root.path("pinned_projects")) {
            index.pinned.add(new ProjectId(p.asText()).value());
        }
        root.path("pinned_plans").properties().forEach(p -> {
            List<String> ids = new ArrayList<>();
            p.getValue().forEach(id -> ids.add(new AssetId(id.asText()).value()));
            index.pinnedPlans.put(p.getKey(), List.copyOf(ids));
        });
        for (JsonNode n : root.path("entries")) {
            CacheEntry e = CacheEntry.fromJson(n, file);
            index.entries.put(e.key(), e);
        }
        return index;
    }

    void write(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        ArrayNode pins = root.putArray("pinned_projects");
        pinned.forEach(pins::add);
        ObjectNode plans = root.putObject("pinned_plans");
        pinnedPlans.forEach((plan, ids) -> ids.forEach(plans.withArray(plan)::add));
        ArrayNode list = root.putArray("entries");
        entries.values().forEach(e -> list.add(e.toJson()));
        try {
            DurableFiles.write(file, JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new GatewayException(Reason.INTERNAL, "cannot serialise the cache index: " + e.getMessage(), e);
        }
    }

    Optional<CacheEntry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    void put(CacheEntry entry) {
        entries.put(entry.key(), entry);
    }

    void remove(String key) {
        entries.remove(key);
    }

    /** The entries in key order (asset id, then profile). */
    List<CacheEntry> entries() {
        return List.copyOf(entries.values());
    }

    Collection<CacheEntry> entriesAt(String relativePath) {
        List<CacheEntry> at = new ArrayList<>();
        for (CacheEntry e : entries.values()) {
            if (e.relativePath().equals(relativePath)) {
                at.add(e);
            }
        }
        return at;
    }

    boolean isPinned(ProjectId project) {
        return pinned.contains(project.value());
    }

    Set<String> pinned() {
        return Set.copyOf(pinned);
    }

    void pin(ProjectId project) {
        pinned.add(project.value());
    }

    void unpin(ProjectId project) {
        pinned.remove(project.value());
    }

    /** True when a pinned plan names the asset. */
    boolean isPinnedByPlan(AssetId asset) {
        return pinnedPlans.values().stream().anyMatch(ids -> ids.contains(asset.value()));
    }

    Set<String> pinnedPlans() {
        return Set.copyOf(pinnedPlans.keySet());
    }

    void pinPlan(String planId, List<AssetId> assets) {
        pinnedPlans.put(planId, assets.stream().map(AssetId::value).toList());
    }

    /** True when the plan was pinned. */
    boolean unpinPlan(String planId) {
        return pinnedPlans.remove(planId) != null;
    }
}
