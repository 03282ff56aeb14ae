package gateway.agent;

import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The export folder of {@code watch-exports}: each {@link #scan} lists the EDLs ({@code *.edl}) in
 * the folder and hands {@code conform} those that are settled (same size and modification time as
 * at the scan before: the NLE has finished writing) and have no report newer than themselves
 * beside them. An EDL written again later is conformed again; one whose conform failed is retried
 * only once it changes.
 */
final class ExportWatcher {
    private final Path dir;
    private final Consumer<Path> conform;
    private final Map<Path, String> seen = new HashMap<>();
    private final Map<Path, String> failed = new HashMap<>();

    ExportWatcher(Path dir, Consumer<Path> conform) {
        if (!Files.isDirectory(dir)) {
            throw GatewayException.notFound(dir + " is not a folder to watch");
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.conform = conform;
    }

    /** One look at the folder; returns the EDLs handed to {@code conform} (a failure is kept and not retried). */
    List<Path> scan() {
        List<Path> handed = new ArrayList<>();
        for (Path edl : edls()) {
            String now = stamp(edl);
            String before = seen.put(edl, now);
            if (now == null || !now.equals(before) || now.equals(failed.get(edl)) || reported(edl)) {
                continue;
            }
            try {
                conform.accept(edl);
                handed.add(edl);
            } catch (GatewayException e) {
                failed.put(edl, now);
                handed.add(edl);
            }
        }
        return handed;
    }

    private List<Path> edls() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f ->
                            f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".edl"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw GatewayException.io("cannot list the export folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private boolean reported(Path edl) {
        Path report = edl.resolveSibling(edl.getFileName() + ConformRun.JSON_SUFFIX);
        try {
            return Files.exists(report)
                    && Files.getLastModifiedTime(report).compareTo(Files.getLastModifiedTime(edl)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Size and modification time; null when the file went away. */
    private static String stamp(Path f) {
        try {
            FileTime t = Files.getLastModifiedTime(f);
            return Files.size(f) + "@" + t.toMillis();
        } catch (IOException e) {
            return null;
        }
    }
}
