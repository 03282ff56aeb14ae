package gateway.ingest.task;

import gateway.ingest.offload.CameraProxies;
import gateway.ingest.offload.FrameSequence;
import gateway.model.asset.AssetId;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.probe.ArriRawHeader;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.probe.R3dHeader;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.transcode.EditProxy;
import gateway.proxy.transcode.Ladder;
import gateway.proxy.transcode.LadderResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Ingest of a camera raw original that GStreamer cannot decode ({@link CameraProxies#isCameraRaw}):
 * what its header tells (an R3D's size, rate, start timecode, reel, camera; a BRAW's or ProRes RAW's
 * QuickTime structure; an ARRIRAW frame's size and camera, the clip's frame count; a raw MXF's
 * header metadata), and its renditions from the camera's own proxy when the card has one: the camera proxy
 * itself is the edit rendition (copied, as the NLE attaches it), the other profiles are made from it
 * in one decode. The proxy must agree with the header where the header tells (rate, start
 * timecode); one that does not is refused with a warning naming the difference. Without an
 * acceptable proxy the asset is "original only": checksummed and catalogued, no renditions, the
 * reason in its warnings; never a failed job.
 */
final class CameraRawIngest {
    /** How its warning starts; the catalogue's status of such an asset is "original-only" (AssetDocument). */
    static final String ORIGINAL_ONLY = "original only: ";

    /** The media info and renditions of the raw original. */
    record Result(MediaInfo media, List<Rendition> renditions) {}

    private final MediaProbe probe;

    CameraRawIngest(MediaProbe probe) {
        this.probe = probe;
    }

    /** The kind of a ProRes RAW original (QuickTime sample description {@code aprn} / {@code aprh}). */
    static final String PRORES_RAW = "ProRes RAW";

    /** The probe's codec name of ProRes RAW. */
    static final String PRORES_RAW_CODEC = "prores-raw";

    /** The kind of an MXF original whose picture coding GStreamer does not decode here (X-OCN, ARRIRAW in MXF...). */
    static final String MXF_RAW = "MXF";

    /** The kind of an ARRIRAW frame sequence ({@code .ari}, {@code .arx}). */
    static final String ARRIRAW = "ARRIRAW";

    /** The kind of a raw original told by its name: its extension, upper case ("R3D", "BRAW"), or ARRIRAW. */
    static String kindOf(Path original) {
        return FrameSequence.isFrame(original) ? ARRIRAW : extension(original).toUpperCase(Locale.ROOT);
    }

    /** {@code original}, a camera raw file of {@code kind} ({@link #kindOf} or {@link #PRORES_RAW}). */
    Result ingest(
            Path original, String kind, AssetId id, Path assetDir, FrameRate defaultRate, ProgressListener progress)
            throws IOException {
        RawHeader header = RawHeader.of(original, kind, probe);
        Optional<Path> proxy = CameraProxies.find(original);
        if (proxy.isEmpty()) {
            return originalOnly(
                    original,
                    kind,
                    header,
                    defaultRate,
                    "camera raw (" + kind + ") that GStreamer cannot decode"
                            + (header != null && header.note() != null ? " (" + header.note() + ")" : "")
                            + ", and no camera proxy on the card (looked " + CameraProxies.searched() + ")");
        }
        Path p = proxy.get();
        MediaInfo made;
        try {
            made = probe.probe(p);
        } catch (GatewayException e) {
            return originalOnly(
                    original,
                    kind,
                    header,
                    defaultRate,
                    "camera raw (" + kind + "); its camera proxy " + p.getFileName() + " cannot be read: "
                            + e.getMessage());
        }
        String mismatch = mismatch(header, made);
        if (mismatch != null || made.video() == null) {
            return originalOnly(
                    original,
                    kind,
                    header,
                    defaultRate,
                    "camera raw (" + kind + "); its camera proxy " + p + " was refused: "
                            + (mismatch != null ? mismatch : "it has no picture"));
        }
        Path edit = assetDir.resolve("proxy").resolve(p.getFileName().toString());
        DurableFiles.write(edit, DurableFiles.Access.DEFAULT, out -> Files.copy(p, out));
        Rendition editRendition = new Rendition(
                EditProxy.PROFILE,
                "proxy/" + edit.getFileName(),
                mimeType(p),
                Files.size(edit),
                FileChecksums.compute(edit));
        Ladder ladder = new Ladder(probe);
        Set<String> others = new HashSet<>(ladder.profiles().names());
        others.remove(EditProxy.PROFILE);
        LadderResult rest = ladder.make(p, made, id, assetDir, others, progress);
        List<Rendition> renditions = new ArrayList<>(List.of(editRendition));
        renditions.addAll(rest.renditions());
        List<String> warnings = new ArrayList<>(made.warnings());
        if (header != null && header.note() != null) {
            warnings.add(header.note());
        }
        warnings.add("camera raw (" + kind + "): GStreamer cannot decode it; the edit rendition is the camera proxy "
                + p.getFileName() + " and the other renditions are made from it");
        MediaInfo media = new MediaInfo(
                original.toString(),
                container(original, kind),
                made.frameRate(),
                made.durationFrames(),
                header != null && header.start() != null ? header.start() : made.startTimecode(),
                header != null && header.reel() != null ? header.reel() : made.reel(),
                made.clipName(),
                header != null && header.width() > 0
                        ? new VideoInfo(codec(kind), header.width(), header.height())
                        : new VideoInfo(
                                codec(kind), made.video().width(), made.video().height()),
                made.audio(),
                made.variableFrameRate(),
                header != null && header.camera() != null ? header.camera() : made.camera(),
                warnings);
        return new Result(media, renditions);
    }

    /**
     * What a raw original's header tells: an R3D's first block ({@link R3dHeader}: size, rate,
     * timecode, reel, camera; no frame count), or a raw file in a QuickTime structure (Blackmagic RAW
     * is one) read by the probe's own QuickTime reader (size, rate, frame count, timecode track and
     * its reel), an ARRIRAW clip's first frame ({@link ArriRawHeader}: size, camera model; the frame
     * count is the sequence's) or an MXF's header metadata (size, rate, duration, timecode, reel).
     * {@code frames} is -1 when the header does not say; {@code note} (or null) is what the
     * assistant should know of how it was read.
     */
    record RawHeader(
            String what,
            int width,
            int height,
            FrameRate rate,
            long frames,
            Timecode start,
            String reel,
            MediaInfo.Camera camera,
            String note) {

        /** The header of {@code original} of {@code kind} (its extension, upper case), or null when it tells nothing. */
        static RawHeader of(Path original, String kind, MediaProbe probe) {
            if (kind.equals("R3D")) {
                R3dHeader h = R3dHeader.read(original);
                return new RawHeader(
                        "R3D header", h.width(), h.height(), h.rate(), -1, h.start(), h.reel(), h.camera(), null);
            }
            if (kind.equals(ARRIRAW)) {
                return arriraw(original);
            }
            try {
                MediaInfo m = probe.probe(original);
                if (!m.container().equals("mov")
                        && !m.container().equals("mp4")
                        && !m.container().equals("mxf")) {
                    return null;
                }
                return new RawHeader(
                        kind + " header",
                        m.video() == null ? 0 : m.video().width(),
                        m.video() == null ? 0 : m.video().height(),
                        m.video() == null ? null : m.frameRate(),
                        m.video() == null ? -1 : m.durationFrames(),
                        m.startTimecode(),
                        m.reel(),
                        m.camera(),
                        kind.equals(MXF_RAW) && !m.warnings().isEmpty()
                                ? m.warnings().get(0)
                                : null);
            } catch (GatewayException e) {
                return null; // not a structure the probe reads: the file's name alone says raw
            }
        }

        /**
         * An ARRIRAW clip: the frames of its sequence counted, the first frame's header read when it
         * has the ARRIRAW signature (ARRIRAW HDE, {@code .arx}, has no public layout: not read).
         */
        private static RawHeader arriraw(Path first) {
            FrameSequence seq = FrameSequence.of(first);
            String frames = seq.frames().size() + " frame file" + (seq.frames().size() == 1 ? "" : "s")
                    + " of clip " + seq.clip()
                    + (seq.missing() > 0
                            ? ", " + seq.missing() + " frame numbers missing between the first and last"
                            : "")
                    + "; the asset's checksums are its first frame's, every frame is in the card's MHL";
            if (!ArriRawHeader.sniff(first)) {
                return new RawHeader(
                        "ARRIRAW sequence",
                        0,
                        0,
                        null,
                        seq.frames().size(),
                        null,
                        null,
                        null,
                        frames + "; no ARRIRAW header read (no ARRI signature: HDE's layout is not public)");
            }
            ArriRawHeader h = ArriRawHeader.read(first);
            return new RawHeader(
                    "ARRIRAW sequence",
                    h.width(),
                    h.height(),
                    null,
                    seq.frames().size(),
                    null,
                    null,
                    h.camera(),
                    frames + "; rate, timecode and reel are not read (their places in the ARRIRAW header are not"
                            + " publicly documented)");
        }
    }

    /** What the camera proxy gets wrong against the header, or null when they agree (or the header does not say). */
    private static String mismatch(RawHeader header, MediaInfo proxy) {
        if (header == null) {
            return null;
        }
        if (header.rate() != null && !header.rate().equals(proxy.frameRate())) {
            return "it runs at " + proxy.frameRate().toFpsString() + ", the original (" + header.what() + ") at "
                    + header.rate().toFpsString();
        }
        Timecode start = header.start();
        if (start != null
                && (proxy.startTimecode() == null
                        || start.toFrames() != proxy.startTimecode().toFrames())) {
            return "it starts at " + (proxy.startTimecode() == null ? "no timecode" : proxy.startTimecode())
                    + ", the original (" + header.what() + ") at " + start;
        }
        if (header.frames() > 0 && Math.abs(header.frames() - proxy.durationFrames()) > 1) {
            return "it lasts " + proxy.durationFrames() + " frames, the original (" + header.what() + ") "
                    + header.frames();
        }
        return null;
    }

    private static Result originalOnly(
            Path original, String kind, RawHeader header, FrameRate defaultRate, String reason) {
        FrameRate rate = header != null && header.rate() != null ? header.rate() : defaultRate;
        MediaInfo media = new MediaInfo(
                original.toString(),
                container(original, kind),
                rate,
                header != null && header.frames() > 0 ? header.frames() : 0,
                header == null ? null : header.start(),
                header == null ? null : header.reel(),
                null,
                null, // no picture the gateway can show: no rendition is expected of it
                List.of(),
                false,
                header == null ? null : header.camera(),
                header != null && header.note() != null && !reason.contains(header.note())
                        ? List.of(ORIGINAL_ONLY + reason, header.note())
                        : List.of(ORIGINAL_ONLY + reason));
        return new Result(media, List.of());
    }

    /** ProRes RAW stays in its QuickTime file ("mov"); other raw formats are their own container. */
    private static String container(Path original, String kind) {
        return kind.equals(PRORES_RAW) ? extension(original) : kind.toLowerCase(Locale.ROOT);
    }

    private static String codec(String kind) {
        return switch (kind) {
            case PRORES_RAW -> PRORES_RAW_CODEC;
            case "R3D" -> "redcode";
            case "BRAW" -> "braw";
            case "CRM" -> "cinema-raw-light";
            case ARRIRAW -> "arriraw";
            case MXF_RAW -> MediaProbe.UNDECODABLE_PICTURE;
            default -> kind.toLowerCase(Locale.ROOT);
        };
    }

    private static String mimeType(Path proxy) {
        return switch (extension(proxy)) {
            case "mp4" -> "video/mp4";
            case "mxf" -> "application/mxf";
            default -> EditProxy.MIME_TYPE;
        };
    }

    private static String extension(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
