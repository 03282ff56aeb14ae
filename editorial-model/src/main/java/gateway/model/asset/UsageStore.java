package gateway.model.asset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which sequences use which assets, on the media store beside the manifests:
 * {@code <store>/usage/<project>/<sequence-key>.json}, one durable file per sequence (temp file,
 * fsync, atomic rename). Recording a sequence again (a re-conform of the same cut) replaces what it
 * said before. Like the manifests, these files are the truth the index's "used in" field is derived
 * from; the per-project view is cached in memory and re-read after {@link #forget(ProjectId)}.
 */
public final class UsageStore {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final System.Logger LOG = System.getLogger(UsageStore.class.getName());

    private final Path usage;
    private final Map<ProjectId, Map<AssetId, Set<String>>> cache = new ConcurrentHashMap<>();

    public UsageStore(Path storeRoot) {
        this.usage =
                Objects.requireNonNull(storeRoot, "storeRoot").toAbsolutePath().resolve("usage");
    }

    /** Records (or replaces) what {@code use.sequence()} uses; returns the assets whose "used in" changed. */
    public synchronized Set<AssetId> record(SequenceUse use) {
        Path dir = usage.resolve(use.project().value());
        Path file = dir.resolve(keyOf(use.sequence()) + ".json");
        Set<AssetId> touched = new TreeSet<>(Comparator.comparing(AssetId::value));
        touched.addAll(use.events().keySet());
        try {
            Files.createDirectories(dir);
            if (Files.isRegularFile(file)) {
                touched.addAll(read(file).events().keySet());
            }
            DurableFiles.writeString(file, toJson(use) + "\n");
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot record the use of sequence '" + use.sequence() + "' in " + file + ": " + e, e);
        }
        cache.remove(use.project());
        return touched;
    }

    /** The sequences of a project, by name; an unreadable file goes to {@code problems} and is skipped. */
    public List<SequenceUse> list(ProjectId project, Consumer<GatewayException> problems) {
        Path dir = usage.resolve(project.value());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SequenceUse> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                try {
                    out.add(read(f));
                } catch (GatewayException e) {
                    problems.accept(e);
                }
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot list the sequences of project " + project + " in " + dir + ": " + e, e);
        }
        out.sort(Comparator.comparing(SequenceUse::sequence));
        return out;
    }

    /** The names of the sequences that use {@code asset}, sorted; empty when none does. */
    public List<String> sequencesUsing(ProjectId project, AssetId asset) {
        Set<String> names = cache.computeIfAbsent(project, this::load).get(asset);
        return names == null ? List.of() : List.copyOf(names);
    }

    /** Drops the cached view of a project (another node recorded a sequence); the next lookup re-reads. */
    public void forget(ProjectId project) {
        cache.remove(project);
    }

    private Map<AssetId, Set<String>> load(ProjectId project) {
        Map<AssetId, Set<String>> byAsset = new ConcurrentHashMap<>();
        for (SequenceUse use : list(project, e -> LOG.log(System.Logger.Level.WARNING, e.getMessage()))) {
            use.events().keySet().forEach(a -> byAsset.computeIfAbsent(a, k -> new TreeSet<>())
                    .add(use.sequence()));
        }
        return byAsset;
    }

    /** A file name that is the same for the same sequence name, whatever its case or characters. */
    static String keyOf(String sequence) {
        String lower = sequence.strip().toLowerCase(Locale.ROOT);
        String readable = lower.replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[.-]+", "");
        if (readable.length() > 60) {
            readable = readable.substring(0, 60);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(lower.getBytes(StandardCharsets.UTF_8));
            return readable + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String toJson(SequenceUse use) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("schema_version", 1)
                .put("project", use.project().value())
                .put("sequence", use.sequence())
                .put("source", use.source())
                .put("recorded_at", use.recordedAt().toString());
        ObjectNode events = root.putObject("events");
        use.events().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(AssetId::value)))
                .forEach(e -> events.put(e.getKey().value(), e.getValue()));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GatewayException(Reason.INTERNAL, "sequence use could not be written as JSON", e);
        }
    }

    private static SequenceUse read(Path file) {
        try {
            JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
            Map<AssetId, Integer> events = new TreeMap<>(Comparator.comparing(AssetId::value));
            root.path("events")
                    .properties()
                    .forEach(e ->
                            events.put(new AssetId(e.getKey()), e.getValue().asInt()));
            return new SequenceUse(
                    new ProjectId(root.path("project").asText()),
                    root.path("sequence").asText(),
                    root.path("source").asText(),
                    Instant.parse(root.path("recorded_at").asText()),
                    events);
        } catch (IOException | DateTimeParseException | IllegalArgumentException | GatewayException e) {
            throw new GatewayException(
                    Reason.CORRUPT, "sequence use " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
