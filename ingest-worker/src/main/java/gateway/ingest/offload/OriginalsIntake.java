package gateway.ingest.offload;

import gateway.model.asset.ProjectId;
import gateway.model.asset.StoreSpace;
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
 * How originals come into the store: either copied into it ({@code
 * <store>/originals/<project>/<folder>/...}, verified) or hashed where they lie, with an ASC MHL
 * generation in {@code <store>/originals/<project>/<folder>/ascmhl/}. A node answers an ingest
 * request at once with a {@link #plan} per file (no byte read); the job's run does the reading in
 * its copy and hashing phases ({@link #complete}), one MHL generation per file. {@link #copy} and
 * {@link #reference} do a whole card in one call, with one generation for it.
 */
public final class OriginalsIntake {
    /** One file ready for its job: the original to ingest and where it came from. */
    public record Prepared(Path original, Map<String, String> metadata) {
        public Prepared {
            metadata = Map.copyOf(metadata);
        }
    }

    /** What an ingest writes to the store besides a copy (manifest, job records, MHL) needs at least this free. */
    static final long RECORDS_BYTES = 1L << 20;

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

    /**
     * Queue time: the file a job will ingest ({@code file} itself, or in copy mode where its copy
     * will be) and what its intake needs, without reading the file. {@link #pending} is true of the
     * metadata until {@link #complete} ran. Refused (STORAGE_FULL, naming the path and the bytes)
     * when the store has not the room for the copy and the ingest's records.
     */
    public Prepared plan(Path root, Path file, ProjectId project, boolean copy) {
        Map<String, String> meta = new HashMap<>();
        meta.put(OriginalSource.META_INTAKE_ROOT, root.toString());
        if (!copy) {
            StoreSpace.require(originalsRoot, RECORDS_BYTES, "the ingest records of " + file.getFileName());
            meta.put(OriginalSource.META_MODE, "reference");
            return new Prepared(file, meta);
        }
        try {
            long size = Files.size(file);
            StoreSpace.require(destination(project, root), size + RECORDS_BYTES, "the copy of " + file.getFileName());
            meta.put(OriginalSource.META_MODE, "copy");
            meta.put(OriginalSource.META_SOURCE_PATH, file.toString());
            meta.put(OriginalSource.META_SOURCE_SIZE, Long.toString(size));
            meta.put(
                    OriginalSource.META_SOURCE_MTIME,
                    Long.toString(Files.getLastModifiedTime(file).toMillis()));
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
        Path relative = root.relativize(file);
        if (relative.isAbsolute() || relative.startsWith("..")) {
            throw GatewayException.invalid("card offload: " + file + " is not below " + root);
        }
        return new Prepared(destination(project, root).resolve(relative).normalize(), meta);
    }

    /** True when {@code metadata} (from {@link #plan}) still waits for its copy or hashing phase. */
    public static boolean pending(Map<String, String> metadata) {
        return metadata.containsKey(OriginalSource.META_INTAKE_ROOT)
                && !metadata.containsKey(OriginalSource.META_INTAKE_XXH64);
    }

    /**
     * Run time: the intake {@link #plan} prepared for {@code original} of {@code project}. Copy
     * mode copies the source to {@code original} (COPYING) and re-reads the copy (HASHING);
     * reference mode hashes {@code original} where it lies (HASHING). Then one ASC MHL generation
     * lists the file. Returns {@code planned} with the intake's checksums and the generation.
     */
    public Map<String, String> complete(
            ProjectId project, Path original, Map<String, String> planned, IntakeProgress progress) {
        Path root = Path.of(planned.get(OriginalSource.META_INTAKE_ROOT));
        boolean copy = "copy".equals(planned.get(OriginalSource.META_MODE));
        HashedFile hashed;
        if (copy) {
            Path source = Path.of(planned.get(OriginalSource.META_SOURCE_PATH));
            hashed = offload.offloadOne(root, source, destination(project, root), progress);
        } else {
            hashed = hashInPlace(root, original, progress, offload.bytesPerSecond());
        }
        Path mhl = new AscMhl(destination(project, root), folderName(root))
                .addGeneration(
                        List.of(hashed), copy ? AscMhl.Process.TRANSFER : AscMhl.Process.IN_PLACE, clock.instant());
        Map<String, String> meta = new HashMap<>(planned);
        meta.put(OriginalSource.META_MHL, mhl.toString());
        meta.putAll(OriginalSource.intake(hashed));
        return meta;
    }

    private static HashedFile hashInPlace(Path root, Path file, IntakeProgress progress, long bytesPerSecond) {
        try {
            long size = Files.size(file);
            var modified = Files.getLastModifiedTime(file).toInstant();
            ReadPass.Result r = ReadPass.run(
                    file,
                    ReadPass.Sink.NONE,
                    done -> progress.at(IntakeProgress.Phase.HASHING, done, size),
                    bytesPerSecond);
            return new HashedFile(
                    file,
                    file,
                    root.relativize(file).toString().replace('\\', '/'),
                    r.bytes(),
                    modified,
                    r.checksums());
        } catch (java.nio.file.NoSuchFileException e) {
            throw GatewayException.notFound("ingest: " + file + " is gone");
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
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
