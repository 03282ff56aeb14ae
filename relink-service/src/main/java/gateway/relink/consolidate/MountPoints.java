package gateway.relink.consolidate;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Storage locations as mount points: the highest folder above a file that is still on the file's
 * {@link FileStore} (for {@code /mnt/nas1/day1/A001.mov} on a share mounted at {@code /mnt/nas1},
 * {@code /mnt/nas1}). When the file store cannot be read (the file is gone, a folder above it is
 * unreadable) the path's root folder ({@code /}) stands in. Remembers each folder it has placed.
 */
public final class MountPoints implements StorageLocations {
    private final Map<Path, Path> byFolder = new HashMap<>();

    @Override
    public Path locationOf(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path folder = absolute.getParent() == null ? absolute : absolute.getParent();
        return byFolder.computeIfAbsent(folder, f -> mountPoint(absolute, f));
    }

    private static Path mountPoint(Path file, Path folder) {
        Path root = file.getRoot() == null ? folder : file.getRoot();
        FileStore store;
        try {
            store = Files.getFileStore(file);
        } catch (IOException | SecurityException e) {
            return root;
        }
        Path top = folder;
        for (Path p = folder.getParent(); p != null; p = p.getParent()) {
            try {
                if (!Files.getFileStore(p).equals(store)) {
                    break;
                }
            } catch (IOException | SecurityException e) {
                break;
            }
            top = p;
        }
        return top;
    }
}
