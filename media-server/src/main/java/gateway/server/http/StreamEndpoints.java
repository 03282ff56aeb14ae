package gateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.FragmentIndex;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.Rendition;
import gateway.model.asset.Thumbnails;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.server.auth.Action;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Principal;
import gateway.server.catalog.Catalogue;
import gateway.server.metrics.Metrics;
import gateway.server.stream.JpegSize;
import gateway.server.stream.RenditionFile;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST mirror of StreamService for browsers and scripts: a rendition's bytes by HTTP range
 * ({@code GET /api/v1/assets/{id}/renditions/{profile}[?file=NAME]}, {@code Range: bytes=a-b}, 206;
 * {@code file} picks one file of a profile made of several, such as a thumbnail), its fragment
 * index ({@code GET /api/v1/assets/{id}/fragments/{profile}}), the list of an asset's pictures
 * ({@code GET /api/v1/assets/{id}/thumbnails}: every thumbnail with its frame and timecode, the
 * poster, the filmstrip) and its waveform peaks ({@code GET /api/v1/assets/{id}/waveform}); for a
 * browser's {@code <video>}, the same bytes at {@code GET /api/v1/media/{id}/{profile}} with the
 * token in an HttpOnly cookie scoped to that path ({@code POST /api/v1/media/session} sets it). The
 * project comes from the server's manifest; a caller who may not stream it gets 404 as for an asset that does not exist;
 * the audit line (written before any byte) carries the byte range.
 */
public final class StreamEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");
    private static final int CHUNK_BYTES = 256 * 1024;
    /** The cookie that carries the access token to {@link #MEDIA_PATH} only. */
    static final String MEDIA_COOKIE = "gateway_media";

    static final String MEDIA_PATH = "/api/v1/media/";

    private final Authenticator authenticator;
    private final Catalogue catalogue;
    private final ManifestStore store;
    private final Metrics.Counter bytesServed;

    public StreamEndpoints(Authenticator authenticator, Catalogue catalogue, ManifestStore store) {
        this(authenticator, catalogue, store, new Metrics());
    }

    /** Counts the rendition bytes it sends in {@code gateway_http_rendition_bytes_total} of {@code metrics}. */
    public StreamEndpoints(Authenticator authenticator, Catalogue catalogue, ManifestStore store, Metrics metrics) {
        this.authenticator = authenticator;
        this.catalogue = catalogue;
        this.store = store;
        this.bytesServed = metrics.counter(
                "gateway_http_rendition_bytes_total", "Bytes of renditions served over REST (Range requests)");
    }

    public void routing(HttpRouting.Builder routing) {
        routing.get("/api/v1/assets/{id}/renditions/{profile}", this::rendition)
                .post("/api/v1/media/session", this::mediaSession)
                .delete("/api/v1/media/session", this::endMediaSession)
                .get("/api/v1/media/{id}/{profile}", this::media)
                .get("/api/v1/assets/{id}/fragments/{profile}", this::fragments)
                .get("/api/v1/assets/{id}/thumbnails", this::pictures)
                .get("/api/v1/assets/{id}/waveform", this::waveform);
    }

    private void rendition(ServerRequest req, ServerResponse res) throws IOException {
        send(HttpEndpoints.caller(authenticator, req), req, res);
    }

    /**
     * 204, and the caller's access token as an HttpOnly cookie scoped to {@code /api/v1/media/},
     * living as long as the token: a browser's {@code <video src>} cannot send an Authorization
     * header, and a token in a URL would end up in logs and history. Called again after each
     * refresh; a revoked token stops working there as everywhere.
     */
    private void mediaSession(ServerRequest req, ServerResponse res) {
        String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        Authenticator.Caller caller = HttpEndpoints.caller(authenticator, req, authorization);
        long seconds = Math.max(
                0,
                Duration.between(Instant.now(), caller.credential().expiresAt()).toSeconds());
        String token = authorization.substring(7).trim();
        res.header(HeaderNames.SET_COOKIE, cookie(req, token, seconds));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** 204: the media cookie is dropped (a log-out; the token itself is revoked by the log-out). */
    private void endMediaSession(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.SET_COOKIE, cookie(req, "", 0));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static String cookie(ServerRequest req, String value, long maxAgeSeconds) {
        return MEDIA_COOKIE + "=" + value + "; Path=" + MEDIA_PATH + "; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : "");
    }

    /**
     * {@code GET /api/v1/media/{id}/{profile}}: a rendition by byte range as
     * {@code /api/v1/assets/{id}/renditions/{profile}}, the credential taken from the Authorization
     * header or else the media cookie; the same authorisation and audit.
     */
    private void media(ServerRequest req, ServerResponse res) throws IOException {
        String authorization = req.headers()
                .first(HeaderNames.AUTHORIZATION)
                .orElseGet(() -> mediaCookie(req).map(t -> "Bearer " + t).orElse(null));
        send(HttpEndpoints.caller(authenticator, req, authorization).principal(), req, res);
    }

    /** The media cookie's value, when the request carries one. */
    static Optional<String> mediaCookie(ServerRequest req) {
        for (String header : req.headers().all(HeaderNames.COOKIE, List::of)) {
            for (String pair : header.split(";")) {
                String p = pair.strip();
                if (p.startsWith(MEDIA_COOKIE + "=") && p.length() > MEDIA_COOKIE.length() + 1) {
                    return Optional.of(p.substring(MEDIA_COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    private void send(Principal who, ServerRequest req, ServerResponse res) throws IOException {
        String id = req.path().pathParameters().get("id");
        String profile = req.path().pathParameters().get("profile");
        String rangeHeader = req.headers().first(HeaderNames.RANGE).orElse(null);
        // Authorise (and audit, with the range asked for) before the file is even looked at.
        long[] asked = parseRange(rangeHeader);
        if (asked != null) {
            HttpEndpoints.markByteRange(asked[0], asked[1] < 0 ? 0 : asked[1] - asked[0] + 1);
        }
        Manifest m = catalogue.asset(who, id, Action.STREAM);
        Rendition r = oneFile(m, profile, req.query().first("file").orElse(null));
        Path file = RenditionFile.inside(store, m, r.path());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = 0;
            long end = size - 1;
            if (asked != null) {
                start = asked[0];
                end = asked[1] < 0 ? size - 1 : Math.min(asked[1], size - 1);
                if (start >= size || end < start) {
                    res.header(HeaderNames.CONTENT_RANGE, "bytes */" + size);
                    throw new GatewayException(
                            Reason.OUT_OF_RANGE,
                            "range " + rangeHeader + " is past the end of the '" + profile + "' rendition (" + size
                                    + " bytes)");
                }
                res.status(Status.PARTIAL_CONTENT_206);
                res.header(HeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
            }
            res.header(HeaderNames.ACCEPT_RANGES, "bytes");
            res.header(HeaderNames.CONTENT_TYPE, r.mimeType() == null ? "application/octet-stream" : r.mimeType());
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(end - start + 1));
            try (OutputStream out = res.outputStream()) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, end - start + 1));
                long at = start;
                while (at <= end) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), end - at + 1));
                    int n = channel.read(buffer, at);
                    if (n < 0) {
                        throw GatewayException.io("the '" + profile + "' rendition of " + id + " ended early", null);
                    }
                    out.write(buffer.array(), 0, n);
                    bytesServed.add(n);
                    at += n;
                }
            }
        }
    }

    /** 200 {@code {"profile", "size_bytes", "rate", "header_length_bytes", "fragments": [{start_frame, duration_frames, offset_bytes, length_bytes}]}}. */
    private void fragments(ServerRequest req, ServerResponse res) {
        var who = HttpEndpoints.caller(authenticator, req);
        String id = req.path().pathParameters().get("id");
        String profile = req.path().pathParameters().get("profile");
        Manifest m = catalogue.asset(who, id, Action.STREAM);
        Path file = RenditionFile.pathOf(store, m, profile);
        FragmentIndex index = RenditionFile.indexOf(store, m, profile);
        ObjectNode out = JSON.createObjectNode()
                .put("asset_id", id)
                .put("profile", profile)
                .put("version", m.version())
                .put("size_bytes", file.toFile().length())
                .put("rate", index.rate().toString())
                .put("header_length_bytes", index.initLengthBytes());
        ArrayNode fragments = out.putArray("fragments");
        for (FragmentIndex.Fragment f : index.fragments()) {
            fragments
                    .addObject()
                    .put("start_frame", f.startFrame())
                    .put("duration_frames", f.durationFrames())
                    .put("offset_bytes", f.offsetBytes())
                    .put("length_bytes", f.lengthBytes());
        }
        HttpEndpoints.sendJson(res, out);
    }

    /**
     * The rendition of {@code profile} named {@code fileName} (its file name, without folders), or
     * the profile's first when no name is given.
     */
    private static Rendition oneFile(Manifest m, String profile, String fileName) {
        for (Rendition r : m.renditions()) {
            if (r.profile().equals(profile)
                    && (fileName == null
                            || Path.of(r.path()).getFileName().toString().equals(fileName))) {
                return r;
            }
        }
        throw GatewayException.notFound("asset " + m.assetId() + " has no '" + profile + "' rendition"
                + (fileName == null ? "" : " named '" + fileName + "'"));
    }

    /**
     * 200 {@code {"asset_id", "rate", "thumbnails": [{"frame", "timecode", "width_px", "height_px",
     * "url"}], "poster": {"url"}, "filmstrip": {"url", "index_url"}}} (poster and filmstrip when the
     * asset has them). Frames count from the clip's first frame; the timecode is the source's.
     */
    private void pictures(ServerRequest req, ServerResponse res) throws IOException {
        var who = HttpEndpoints.caller(authenticator, req);
        String id = req.path().pathParameters().get("id");
        Manifest m = catalogue.asset(who, id, Action.STREAM);
        FrameRate rate = m.media().frameRate();
        Timecode start = m.media().startTimecode();
        String base = "/api/v1/assets/" + id + "/renditions/";
        ObjectNode out = JSON.createObjectNode().put("asset_id", id).put("rate", rate.toString());
        ArrayNode list = out.putArray("thumbnails");
        List<Rendition> thumbnails = Thumbnails.of(m);
        // One ingest run grabs every thumbnail at one size: the first one's header says it for all.
        JpegSize size = thumbnails.isEmpty()
                ? null
                : JpegSize.of(
                        Files.readAllBytes(
                                RenditionFile.inside(store, m, thumbnails.get(0).path())),
                        thumbnails.get(0).path());
        for (Rendition r : thumbnails) {
            long frame = Thumbnails.frameOf(r);
            String name = Path.of(r.path()).getFileName().toString();
            ObjectNode t = list.addObject()
                    .put("frame", frame)
                    .put("width_px", size.width())
                    .put("height_px", size.height())
                    .put("url", base + "thumbnails?file=" + name);
            if (start != null) {
                t.put(
                        "timecode",
                        Timecode.fromFrames(start.toFrames() + frame, rate, start.dropFrame())
                                .toString());
            }
        }
        m.rendition("poster").ifPresent(r -> out.putObject("poster").put("url", base + "poster"));
        for (Rendition r : m.renditions()) {
            if (r.profile().equals("filmstrip")) {
                String name = Path.of(r.path()).getFileName().toString();
                ObjectNode f = out.has("filmstrip") ? (ObjectNode) out.get("filmstrip") : out.putObject("filmstrip");
                f.put(name.endsWith(".json") ? "index_url" : "url", base + "filmstrip?file=" + name);
            }
        }
        HttpEndpoints.sendJson(res, out);
    }

    /** 200: the waveform peaks file as the ingest wrote it (JSON: peaks per channel). */
    private void waveform(ServerRequest req, ServerResponse res) throws IOException {
        var who = HttpEndpoints.caller(authenticator, req);
        String id = req.path().pathParameters().get("id");
        Manifest m = catalogue.asset(who, id, Action.STREAM);
        Rendition r = oneFile(m, "waveform", null);
        byte[] json = Files.readAllBytes(RenditionFile.inside(store, m, r.path()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(json);
    }

    /** {start, end inclusive or -1 for "to the end"}, or null without a Range header; one range only. */
    private static long[] parseRange(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches()) {
            throw GatewayException.invalid("Range '" + header
                    + "' is not one byte range 'bytes=START-[END]' (multiple ranges are not served)");
        }
        long start = Long.parseLong(m.group(1));
        long end = m.group(2).isEmpty() ? -1 : Long.parseLong(m.group(2));
        if (end >= 0 && end < start) {
            throw GatewayException.invalid("Range '" + header + "' ends before it starts");
        }
        return new long[] {start, end};
    }
}
