package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the agent last heard of each asset (its API {@code Asset}), kept in
 * {@code <cache>/.catalogue/<asset id>.json} so status, search and asset look-ups answer offline.
 * Written whenever the gateway describes an asset (search hits, asset look-ups); a file is only
 * rewritten when what it says changed.
 */
final class CatalogueCache {
    static final String FOLDER = ".catalogue";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    CatalogueCache(Path cacheRoot) {
        this.dir = cacheRoot.resolve(FOLDER);
    }

    void put(ObjectNode asset) {
        AssetId id = new AssetId(asset.path("asset_id").asText());
        Path file = dir.resolve(id.value() + ".json");
        try {
            byte[] bytes = JSON.writeValueAsBytes(asset);
            if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
            DurableFiles.write(file, bytes);
        } catch (IOException e) {
            throw GatewayException.io("cannot keep asset " + id + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    Optional<JsonNode> get(AssetId id) {
        Path file = dir.resolve(id.value() + ".json");
        try {
            return Optional.of(JSON.readTree(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GatewayException(
                    Reason.CORRUPT, "cannot read the cached asset " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The cached assets whose name, reel or original file name contain every word of {@code query}
     * (case-insensitive; a {@code field:} prefix of a word is ignored), in {@code project} when not
     * null, sorted by name; at most {@code limit}.
     */
    List<JsonNode> search(String query, ProjectId project, int limit) {
        List<String> words = Stream.of(
                        query == null
                                ? new String[0]
                                : query.toLowerCase(Locale.ROOT).split("\\s+"))
                .map(w -> w.substring(w.indexOf(':') + 1))
                .filter(w -> !w.isEmpty())
                .toList();
        List<JsonNode> hits = new ArrayList<>();
        for (JsonNode asset : all()) {
            if (project != null && !project.value().equals(asset.path("project").asText())) {
                continue;
            }
            String text = String.join(
                            " ",
                            asset.path("name").asText(""),
                            asset.path("reel").asText(""),
                            asset.path("original_name").asText(""))
                    .toLowerCase(Locale.ROOT);
            if (words.stream().allMatch(text::contains)) {
                hits.add(asset);
            }
        }
        hits.sort((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()));
        return hits.subList(0, Math.min(limit, hits.size()));
    }

    private List<JsonNode> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                all.add(JSON.readTree(Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot read the cached assets in " + dir + ": " + e.getMessage(), e);
        }
        return all;
    }
}
