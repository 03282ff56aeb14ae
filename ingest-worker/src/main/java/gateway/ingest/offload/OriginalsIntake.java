package gateway.ingest.offload;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.proxy.checksum.FileChecksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The step before jobs are queued: for one card or folder, either copies its files into the media
 * store ({@code <store>/originals/<project>/<folder>/...}, verified) or hashes them where they lie,
 * and records one ASC MHL generation for the folder in {@code <store>/originals/<project>/<folder>/ascmhl/}.
 * Returns what each job should ingest and the metadata its manifest gets.
 */
public final class OriginalsIntake {
    /** One file ready for its job: the original to ingest and where it came from. */
    public record Prepared(Path original, Map<String, String> metadata) {
        public Prepared {
            metadata = Map.copyOf(metadata);
        }
    }

    private final Path originalsRoot;
    private final CardOffload offload;
    private final Clock clock;

    public OriginalsIntake(Path originalsRoot, CardOffload offload, Clock clock) {
        this.originalsRoot = originalsRoot;
        this.offload = offload;
        this.clock = clock;
    }

    /** The folder a card or folder of {@code project} is copied to (and its MHL kept in). */
    public Path destination(ProjectId project, Path root) {
        return originalsRoot.resolve(project.value()).resolve(folderName(root));
    }

    /** Copy mode: copies and verifies {@code files} (below {@code root}), then records the MHL generation. */
    public List<Prepared> copy(Path root, List<Path> files, ProjectId project) {
        Path dest = destination(project, root);
        List<HashedFile> copies = offload.offload(root, files, dest);
        Path mhl = new AscMhl(dest, folderName(root)).addGeneration(copies, AscMhl.Process.TRANSFER, clock.instant());
        List<Prepared> out = new ArrayList<>();
        for (HashedFile c : copies) {
            Map<String, String> meta = new HashMap<>();
            meta.put(OriginalSource.META_MODE, "copy");
            meta.put(OriginalSource.META_SOURCE_PATH, c.source().toString());
            meta.put(OriginalSource.META_SOURCE_SIZE, Long.toString(c.sizeBytes()));
            meta.put(
                    OriginalSource.META_SOURCE_MTIME, Long.toString(c.modified().toEpochMilli()));
            meta.put(OriginalSource.META_MHL, mhl.toString());
            meta.putAll(OriginalSource.intake(c));
            out.add(new Prepared(c.file(), meta));
        }
        return out;
    }

    /** Reference mode: hashes {@code files} where they lie and records the MHL generation. */
    public List<Prepared> reference(Path root, List<Path> files, ProjectId project) {
        List<HashedFile> hashed = new ArrayList<>();
        for (Path f : files) {
            try {
                hashed.add(new HashedFile(
                        f,
                        f,
                        root.relativize(f).toString().replace('\\', '/'),
                        Files.size(f),
                        Files.getLastModifiedTime(f).toInstant(),
                        FileChecksums.compute(f)));
            } catch (IOException e) {
                throw GatewayException.io("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        Path mhl = new AscMhl(destination(project, root), folderName(root))
                .addGeneration(hashed, AscMhl.Process.IN_PLACE, clock.instant());
        return hashed.stream()
                .map(h -> {
                    Map<String, String> meta = new HashMap<>(OriginalSource.intake(h));
                    meta.put(OriginalSource.META_MODE, "reference");
                    meta.put(OriginalSource.META_MHL, mhl.toString());
                    return new Prepared(h.file(), meta);
                })
                .toList();
    }

    /** The card or folder a path given to ingest stands for: itself if a folder, else its parent. */
    public static Path rootOf(Path given) {
        Path abs = given.toAbsolutePath().normalize();
        return Files.isDirectory(abs) ? abs : abs.getParent();
    }

    private static String folderName(Path root) {
        Path name = root.getFileName();
        return name == null ? "root" : name.toString();
    }
}
