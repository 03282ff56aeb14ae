package gateway.server.stream;

import gateway.model.asset.FragmentIndex;
import gateway.model.asset.FragmentIndex.Fragment;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.probe.FragmentScan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fragmented-MP4 rendition of an asset, open for reading: its file, its fragment index and the
 * manifest version it belongs to. Closing it closes the file. Not tied to a transport: gRPC's Watch
 * and GetFragmentIndex and the REST fragment endpoint all find the index here.
 */
public final class RenditionFile implements AutoCloseable {
    /** How the file of a rendition's fragment index is named: {@code stream/<profile>.index.json}. */
    static final String INDEX_SUFFIX = ".index.json";

    private final Manifest manifest;
    private final String profile;
    private final String mimeType;
    private final FragmentIndex index;
    private final FileChannel channel;
    private final long size;

    private RenditionFile(
            Manifest manifest, String profile, String mimeType, FragmentIndex index, FileChannel channel, long size) {
        this.manifest = manifest;
        this.profile = profile;
        this.mimeType = mimeType;
        this.index = index;
        this.channel = channel;
        this.size = size;
    }

    /** The file of rendition {@code profile}; NOT_FOUND when the asset has none, FAILED_PRECONDITION when not fragmented. */
    public static Path pathOf(ManifestStore store, Manifest m, String profile) {
        Rendition r = m.rendition(profile)
                .orElseThrow(() -> new GatewayException(
                        Reason.NOT_FOUND, "asset " + m.assetId() + " has no '" + profile + "' rendition"));
        if (!r.path().endsWith(".mp4")) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "the '" + profile + "' rendition of asset " + m.assetId()
                            + " is not fragmented; fetch it by byte range");
        }
        return inside(store, m, r.path());
    }

    /** {@code relative} under the asset's folder; INTERNAL when a manifest points outside it. */
    public static Path inside(ManifestStore store, Manifest m, String relative) {
        Path dir = store.assetDir(m.project(), m.assetId()).normalize();
        Path file = dir.resolve(relative).normalize();
        if (!file.startsWith(dir)) {
            throw new GatewayException(
                    Reason.INTERNAL, "asset " + m.assetId() + " lists a file outside its folder: " + relative);
        }
        return file;
    }

    /**
     * The fragment index of rendition {@code profile}: the {@code stream/<profile>.index.json} that
     * ingest wrote beside the MP4 and listed in the manifest under the same profile.
     */
    public static FragmentIndex indexOf(ManifestStore store, Manifest m, String profile) {
        Path mp4 = pathOf(store, m, profile);
        for (Rendition r : m.renditions()) {
            if (r.profile().equals(profile) && r.path().endsWith(INDEX_SUFFIX)) {
                return FragmentIndex.read(inside(store, m, r.path()));
            }
        }
        // Assets ingested before the ladder wrote index files (the lone StreamProxy, up to commit
        // a49c249) list none: only for them is the MP4's box structure scanned, here and nowhere else.
        return FragmentScan.scan(mp4);
    }

    public static RenditionFile open(ManifestStore store, Manifest m, String profile) {
        Path file = pathOf(store, m, profile);
        FragmentIndex index = indexOf(store, m, profile);
        String mime = m.rendition(profile).map(Rendition::mimeType).orElse(null);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (index.endBytes() > size) {
                throw new GatewayException(
                        Reason.CORRUPT,
                        "the fragment index of the '" + profile + "' rendition of asset " + m.assetId()
                                + " runs to byte " + index.endBytes() + " but " + file + " has " + size
                                + " bytes; re-ingest the asset");
            }
            RenditionFile opened =
                    new RenditionFile(m, profile, mime == null ? "video/mp4" : mime, index, channel, size);
            channel = null;
            return opened;
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot open the '" + profile + "' rendition of asset " + m.assetId() + ": " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                closeQuietly(channel);
            }
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    public String profile() {
        return profile;
    }

    public long size() {
        return size;
    }

    public FragmentIndex index() {
        return index;
    }

    /** The mean length of its fragments in bytes; 0 when it has none. */
    public long meanFragmentBytes() {
        long sum = 0;
        for (Fragment f : index.fragments()) {
            sum += f.lengthBytes();
        }
        return index.fragments().isEmpty() ? 0 : sum / index.fragments().size();
    }

    /** The init segment (ftyp + moov) as a pseudo-fragment starting at frame -1. */
    public Fragment header() {
        return new Fragment(-1, 0, 0, index.initLengthBytes());
    }

    /** Reads up to {@code buffer.remaining()} bytes at {@code position}; the bytes read, exactly. */
    public byte[] read(long position, ByteBuffer buffer) throws IOException {
        int n = channel.read(buffer, position);
        if (n < 0) {
            throw GatewayException.io(
                    "the '" + profile + "' rendition of asset " + manifest.assetId() + " ended early at byte "
                            + position,
                    null);
        }
        buffer.flip();
        byte[] data = new byte[n];
        buffer.get(data);
        return data;
    }

    /** Its MIME type as the manifest gives it ("video/mp4" when the manifest names none). */
    public String mimeType() {
        return mimeType;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read-only channel cannot lose data
        }
    }
}
