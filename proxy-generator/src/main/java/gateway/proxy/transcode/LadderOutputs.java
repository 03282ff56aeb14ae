package gateway.proxy.transcode;

import gateway.model.asset.Checksums;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.proxy.checksum.FileChecksums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files of one ladder run, each written under a temporary name in the asset folder. Nothing is
 * renamed into place until {@link #commit()}, after every branch has finished and been checked;
 * {@link #close()} deletes whatever was not committed (any thread may have opened outputs).
 */
final class LadderOutputs implements AutoCloseable {

    /** One file to be: its profile, its path relative to the asset folder, its type, its temp file. */
    record Output(String profile, String relativePath, String mimeType, DurableFiles.Pending file) {
        Path temp() {
            return file.temp();
        }

        void write(String text) {
            try {
                Files.writeString(file.temp(), text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw GatewayException.io("cannot write " + relativePath + ": " + e.getMessage(), e);
            }
        }
    }

    private final Path assetDir;
    private final List<String> profileOrder;
    private final List<Output> outputs = new ArrayList<>();

    /** {@code profileOrder}: the order renditions are listed in (a profile's files in the order opened). */
    LadderOutputs(Path assetDir, List<String> profileOrder) {
        this.assetDir = assetDir;
        this.profileOrder = List.copyOf(profileOrder);
    }

    /** A new output at {@code relativePath} ('/'-separated) under the asset folder. */
    synchronized Output open(String profile, String relativePath, String mimeType) {
        Output o = new Output(profile, relativePath, mimeType, DurableFiles.pending(assetDir.resolve(relativePath)));
        outputs.add(o);
        return o;
    }

    /** Checksums every file, then renames each into place; returns them as renditions. */
    synchronized List<Rendition> commit() {
        List<Output> ordered = new ArrayList<>(outputs);
        ordered.sort(Comparator.comparingInt(o -> profileOrder.indexOf(o.profile())));
        List<Rendition> renditions = new ArrayList<>();
        for (Output o : ordered) {
            Checksums sums = FileChecksums.compute(o.temp());
            long size;
            try {
                size = Files.size(o.temp());
            } catch (IOException e) {
                throw GatewayException.io("cannot read the size of " + o.relativePath() + ": " + e.getMessage(), e);
            }
            renditions.add(new Rendition(o.profile(), o.relativePath(), o.mimeType(), size, sums));
        }
        for (Output o : ordered) {
            o.file().commit();
        }
        return renditions;
    }

    @Override
    public synchronized void close() {
        outputs.forEach(o -> o.file().close());
    }
}
