package gateway.agent;

import gateway.client.GatewayClient;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /v1/assets/{id}/media?profile=edit}, honouring {@code Range}: a cached rendition is
 * served from its file (offline too); one not cached yet (still downloading or not) is served from
 * its verified {@code .part} when that already holds the range, else the range alone is fetched
 * from the node first ({@link GatewayClient#readRange}) and passed on as it arrives, so a player
 * can start before the download ends.
 */
final class MediaApi {
    private final ProxyFetcher fetcher;
    private final ClientSource clients;
    private final ConnectionState connection;
    private final DownloadJobs jobs;

    MediaApi(ProxyFetcher fetcher, ClientSource clients, ConnectionState connection, DownloadJobs jobs) {
        this.fetcher = fetcher;
        this.clients = clients;
        this.connection = connection;
        this.jobs = jobs;
    }

    Reply serve(ApiRequest request) {
        AssetId id = new AssetId(request.pathGroup(1));
        String profile = StableName.requireProfile(request.query("profile").orElse(StableName.EDIT_PROFILE));
        String rangeHeader = request.header("Range").orElse(null);
        Optional<CacheEntry> cached = fetcher.cache().use(id, profile);
        if (cached.isPresent()) {
            Path file = cached.get().file(fetcher.cache().root());
            return ranged(rangeHeader, cached.get().sizeBytes(), typeOf(file), r -> fromFile(file, r));
        }
        Manifest manifest;
        try (GatewayClient client = clients.open()) {
            manifest = client.getAsset(id.value());
            connection.answered();
        } catch (GatewayException e) {
            if (connection.failed(e)) {
                throw new GatewayException(
                        Reason.UNAVAILABLE,
                        "the gateway is unreachable and rendition " + profile + " of " + id + " is not cached",
                        e);
            }
            throw e;
        }
        Rendition rendition = manifest.rendition(profile)
                .orElseThrow(() -> new GatewayException(
                        Reason.FAILED_PRECONDITION, "asset " + id + " has no '" + profile + "' rendition"));
        Path target = jobs.downloading(id, profile).orElse(fetcher.stablePath(manifest, profile));
        long size = rendition.sizeBytes();
        return ranged(rangeHeader, size, typeOf(target), r -> {
            if (DownloadJobs.partSize(target) > r.last()) {
                return fromFile(target.resolveSibling(target.getFileName() + ".part"), r);
            }
            return fromNode(id, profile, r);
        });
    }

    private interface Source {
        Reply.Body body(ByteRange range);
    }

    private static Reply ranged(String header, long size, String type, Source source) {
        Optional<ByteRange> asked;
        try {
            asked = ByteRange.parse(header, size);
        } catch (ByteRange.Unsatisfiable e) {
            return Reply.json(416, LocalApi.error(e.reason().name(), e.getMessage()))
                    .withHeader("Content-Range", "bytes */" + e.size)
                    .withHeader("Accept-Ranges", "bytes");
        }
        ByteRange range = asked.orElse(new ByteRange(0, size - 1, size));
        Reply reply = new Reply(
                asked.isPresent() ? 206 : 200,
                type,
                java.util.Map.of("Accept-Ranges", "bytes"),
                size == 0 ? 0 : range.length(),
                size == 0 ? out -> {} : source.body(range));
        return asked.isPresent() ? reply.withHeader("Content-Range", range.contentRange()) : reply;
    }

    private static Reply.Body fromFile(Path file, ByteRange range) {
        return out -> {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                WritableByteChannel sink = Channels.newChannel(out);
                long position = range.first();
                long end = range.last() + 1;
                while (position < end) {
                    long sent = in.transferTo(position, end - position, sink);
                    if (sent <= 0) {
                        throw new IOException(file + " ended at byte " + position + " of " + end);
                    }
                    position += sent;
                }
            }
        };
    }

    /** The range from the node, written as each piece arrives. */
    private Reply.Body fromNode(AssetId id, String profile, ByteRange range) {
        return out -> {
            long[] left = {range.length()};
            try (GatewayClient client = clients.open()) {
                client.readRange(id.value(), profile, range.first(), range.length(), (offset, data) -> {
                    int n = (int) Math.min(left[0], data.remaining());
                    write(out, data, n);
                    left[0] -= n;
                    if (left[0] == 0) {
                        throw new Enough();
                    }
                });
            } catch (Enough e) {
                // The whole range was sent.
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (left[0] > 0) {
                throw new IOException("the node sent " + (range.length() - left[0]) + " of the " + range.length()
                        + " bytes asked for");
            }
        };
    }

    private static void write(OutputStream out, ByteBuffer data, int n) {
        byte[] bytes = new byte[n];
        data.get(bytes);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends a read once the range is complete (a server may send on to the end). */
    private static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Enough() {
            super(null, null, false, false);
        }
    }

    static String typeOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".mov")) {
            return "video/quicktime";
        }
        if (name.endsWith(".mp4")) {
            return "video/mp4";
        }
        if (name.endsWith(".wav")) {
            return "audio/wav";
        }
        return "application/octet-stream";
    }
}
