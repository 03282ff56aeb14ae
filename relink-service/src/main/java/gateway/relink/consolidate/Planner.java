package gateway.relink.consolidate;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.relink.link.AssetCatalogue;
import gateway.relink.link.EventLink;
import gateway.relink.link.LinkResult;
import gateway.relink.link.LinkStatus;
import gateway.relink.link.MatchMethod;
import java.io.IOException;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Works out a {@link ConsolidationPlan} from a link result: see there for the rules. */
final class Planner {
    /** The manifest metadata key ingest records an original's size under (bytes). */
    private static final String ORIGINAL_SIZE = "original_size_bytes";

    private final ProjectId project;
    private final AssetCatalogue catalogue;
    private final StorageLocations locations;
    private final int handlesFrames;
    private final Path folder;

    /** An original some events use: its manifest, file, size and the file frames wanted, unmerged. */
    private static final class Original {
        final Manifest manifest;
        final Path path;
        final long sizeBytes;
        final List<long[]> ranges = new ArrayList<>();

        Original(Manifest manifest, Path path, long sizeBytes) {
            this.manifest = manifest;
            this.path = path;
            this.sizeBytes = sizeBytes;
        }

        MediaInfo media() {
            return manifest.media();
        }
    }

    Planner(ProjectId project, AssetCatalogue catalogue, StorageLocations locations, int handlesFrames, Path folder) {
        this.project = project;
        this.catalogue = catalogue;
        this.locations = locations;
        this.handlesFrames = handlesFrames;
        this.folder = folder;
    }

    ConsolidationPlan plan(LinkResult linked) {
        Map<String, Original> originals = new LinkedHashMap<>();
        Map<String, String> unusable = new HashMap<>();
        List<Unconsolidated> skipped = new ArrayList<>();
        for (EventLink e : linked.events()) {
            if (e.asset() == null) {
                if (e.method() != MatchMethod.GENERATOR) {
                    skipped.add(skip(e, "no original was chosen (" + e.status().json() + "): " + e.message()));
                }
                continue;
            }
            if (e.status() == LinkStatus.OUT_OF_RANGE) {
                skipped.add(skip(e, "the original does not hold the frames the event uses: " + e.message()));
                continue;
            }
            String id = e.asset().assetId();
            if (!originals.containsKey(id) && !unusable.containsKey(id)) {
                open(id, originals, unusable);
            }
            Original o = originals.get(id);
            if (o == null) {
                skipped.add(skip(e, unusable.get(id)));
                continue;
            }
            String why = addRange(e, o);
            if (why != null) {
                skipped.add(skip(e, why));
            }
        }
        List<TrimRange> trims = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Original o : originals.values()) {
            for (long[] r : merged(o.ranges)) {
                trims.add(trim(o, r[0], r[1], names));
            }
        }
        return new ConsolidationPlan(handlesFrames, folder, trims, totals(trims), skipped);
    }

    private void open(String id, Map<String, Original> originals, Map<String, String> unusable) {
        Manifest m =
                AssetId.isValid(id) ? catalogue.byId(project, new AssetId(id)).orElse(null) : null;
        if (m == null) {
            unusable.put(id, "asset " + id + " is no longer in the catalogue of project " + project);
            return;
        }
        String where = m.originalPath() != null ? m.originalPath() : m.media().path();
        Path path;
        try {
            path = Path.of(where);
        } catch (InvalidPathException ex) {
            unusable.put(id, "the original path '" + where + "' of asset " + id + " is not a path here");
            return;
        }
        if (!Files.isRegularFile(path)) {
            // Released to an object tier after demotion: consolidation restores it by the range.
            long held = heldOnATier(m);
            if (held < 0) {
                unusable.put(
                        id,
                        "the original " + path + " is not on disk and no storage tier holds it verified: restore it"
                                + " before consolidating");
            } else {
                originals.put(id, new Original(m, path, held));
            }
            return;
        }
        try {
            originals.put(id, new Original(m, path, Files.size(path)));
        } catch (IOException ex) {
            unusable.put(id, "cannot read the size of the original " + path + ": " + ex.getMessage());
        }
    }

    /**
     * The size of {@code m}'s original when a storage tier holds a verified copy of it (its NAS
     * file released), as ingest recorded it; -1 when no tier holds it.
     */
    private static long heldOnATier(Manifest m) {
        boolean held = m.locations().stream().anyMatch(l -> l.state() == OriginalLocation.State.VERIFIED);
        String size = m.metadata().get(ORIGINAL_SIZE);
        if (!held || size == null) {
            return -1;
        }
        try {
            return Long.parseLong(size);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Adds the event's frames plus handles, clamped to the file; returns why not, or null. */
    private String addRange(EventLink e, Original o) {
        MediaInfo media = o.media();
        FrameRate rate = media.frameRate();
        TimeRange used;
        if (e.sourceFrames() != null) {
            used = Outward.rescaled(e.sourceFrames(), rate);
        } else if (e.status() == LinkStatus.RATE_MISMATCH && e.source() != null && e.rate() != null) {
            if (media.startTimecode() != null && media.dropFrame() != e.dropFrame()) {
                return "the edit counts timecode " + mode(e.dropFrame()) + " but the original " + o.path + " is "
                        + mode(media.dropFrame()) + "; its frames cannot be told from the labels";
            }
            used = e.rate().timecodeBase() == rate.timecodeBase()
                    // 24 against 23.976, 30 against 29.97: the labels name the frames
                    ? TimeRange.of(e.source().start().value(), e.source().durationFrames(), rate)
                    : Outward.rescaled(e.source(), rate);
        } else {
            return "the event's source frames in the original are not known: " + e.message();
        }
        FrameRate editRate = e.rate() != null ? e.rate() : rate;
        long handles = RationalTime.of(handlesFrames, editRate)
                .rescaledTo(rate, RoundingMode.CEILING)
                .value();
        TimeRange wanted = used.extendedBy(handles, handles);
        long first = media.sourceRange().start().value();
        long start = Math.max(0, wanted.start().value() - first);
        long end = Math.min(media.durationFrames(), wanted.endExclusive().value() - first);
        if (end <= start) {
            return "the original " + o.path + " holds none of the frames the event uses (" + used + ")";
        }
        o.ranges.add(new long[] {start, end});
        return null;
    }

    /** Sorted, and merged where two ranges overlap or meet. */
    static List<long[]> merged(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong((long[] r) -> r[0]).thenComparingLong(r -> r[1]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : sorted) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        return out;
    }

    private TrimRange trim(Original o, long start, long end, Set<String> names) {
        MediaInfo media = o.media();
        FrameRate rate = media.frameRate();
        long first = media.sourceRange().start().value();
        TimeRange source = TimeRange.of(first + start, end - start, rate);
        boolean df = media.dropFrame() && rate.supportsDropFrame();
        Timecode tc = Timecode.fromFrames(first + start, rate, df);
        String output = outputName(o, tc, names);
        return new TrimRange(
                o.manifest.assetId(),
                o.path,
                start,
                end,
                source,
                tc,
                folder.resolve(output),
                bytesEstimate(o.sizeBytes, end - start, media.durationFrames()),
                locations.locationOf(o.path));
    }

    /** {@code <original base>_<HHMMSSFF>.mov}, made unique (ignoring case) by the asset id, then a count. */
    private static String outputName(Original o, Timecode tc, Set<String> names) {
        String file = o.path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String base = (dot > 0 ? file.substring(0, dot) : file) + "_"
                + tc.toString().replace(":", "").replace(";", "");
        String id = o.manifest.assetId().value();
        String[] tries = {base, base + "_" + id.substring(0, Math.min(8, id.length())), base + "_" + id};
        for (String t : tries) {
            if (names.add(t.toLowerCase(Locale.ROOT) + ".mov")) {
                return t + ".mov";
            }
        }
        for (int n = 2; ; n++) {
            String t = base + "_" + id + "_" + n;
            if (names.add(t.toLowerCase(Locale.ROOT) + ".mov")) {
                return t + ".mov";
            }
        }
    }

    /** size x frames / total frames, rounded up. */
    static long bytesEstimate(long sizeBytes, long frames, long totalFrames) {
        if (totalFrames <= 0) {
            return 0;
        }
        BigInteger[] qr = BigInteger.valueOf(sizeBytes)
                .multiply(BigInteger.valueOf(frames))
                .divideAndRemainder(BigInteger.valueOf(totalFrames));
        return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
    }

    private static List<LocationTotal> totals(List<TrimRange> trims) {
        record Sum(Set<Path> originals, long[] trimsFramesBytes) {}
        Map<Path, Sum> byLocation = new TreeMap<>();
        for (TrimRange t : trims) {
            Sum s = byLocation.computeIfAbsent(t.location(), l -> new Sum(new HashSet<>(), new long[3]));
            s.originals().add(t.original());
            s.trimsFramesBytes()[0]++;
            s.trimsFramesBytes()[1] += t.frames();
            s.trimsFramesBytes()[2] += t.bytesEstimate();
        }
        List<LocationTotal> out = new ArrayList<>();
        byLocation.forEach((location, s) -> out.add(new LocationTotal(
                location,
                s.originals().size(),
                (int) s.trimsFramesBytes()[0],
                s.trimsFramesBytes()[1],
                s.trimsFramesBytes()[2])));
        return out;
    }

    private static Unconsolidated skip(EventLink e, String reason) {
        return new Unconsolidated(
                e.event(),
                e.line(),
                e.track(),
                e.status(),
                e.asset() == null ? null : e.asset().assetId(),
                reason);
    }

    private static String mode(boolean dropFrame) {
        return dropFrame ? "drop-frame" : "non-drop";
    }
}
