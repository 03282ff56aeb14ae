package gateway.relink.consolidate;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.storage.EgressPlan;
import gateway.model.timeline.Timeline;
import gateway.relink.link.AssetCatalogue;
import gateway.relink.link.LinkResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What consolidating a conformed edit with handles copies, worked out before any media is read:
 * for each original the events use, the frames they use grown by the handles, clamped to the file,
 * merged where they overlap or meet, as {@link TrimRange}s in FILE frames (0 = the original's first
 * frame) with the name of the trimmed file to write; the bytes to restore per storage location; and
 * the events it cannot consolidate, with the reason.
 *
 * <p>Rules. An event counts when the linker chose an original for it ({@code matched},
 * {@code short_handles}, {@code rate_mismatch}); {@code out_of_range} (the original lacks the frames),
 * {@code unmatched}, {@code ambiguous} and {@code invalid} events, and events whose original is not on
 * disk, are listed in {@link #unconsolidated()}; generators (black, bars) need nothing. The frames an
 * event uses are the linker's {@code sourceFrames} (transitions included); for a rate mismatch, its
 * source range, by label when both rates count the same timecode base (24 and 23.976), else moved to
 * the original's rate. Moving to another rate always widens (start rounds down, end rounds up), and
 * the {@code handlesFrames} (at the edit's rate) round up. File frame = timecode frame - the
 * original's start timecode frame. A range is clamped to {@code [0, duration)} of the file (an event
 * a frame short of its handles gets the frames there are, and stays {@code short_handles} in the
 * report). Two ranges of one original are merged when, with handles, they overlap or meet: when the
 * frames two events use are at most {@code 2 x handles} frames apart. All arithmetic is on whole
 * frames; nothing is read but file sizes and file stores.
 *
 * <p>Bytes: each trim is estimated as the original's size x its frames / the original's frames
 * (rounded up), totalled per {@link StorageLocations storage location} (by default the original's
 * mount point). Output names are {@code <original base>_<start timecode as HHMMSSFF>.mov} under the
 * caller's folder, made unique when two originals share a base name.
 */
public final class ConsolidationPlan {
    private final int handlesFrames;
    private final Path folder;
    private final List<TrimRange> trims;
    private final List<LocationTotal> locations;
    private final List<Unconsolidated> unconsolidated;
    private final EgressPlan egress;

    ConsolidationPlan(
            int handlesFrames,
            Path folder,
            List<TrimRange> trims,
            List<LocationTotal> locations,
            List<Unconsolidated> unconsolidated) {
        this(handlesFrames, folder, trims, locations, unconsolidated, null);
    }

    private ConsolidationPlan(
            int handlesFrames,
            Path folder,
            List<TrimRange> trims,
            List<LocationTotal> locations,
            List<Unconsolidated> unconsolidated,
            EgressPlan egress) {
        this.handlesFrames = handlesFrames;
        this.folder = folder;
        this.trims = List.copyOf(trims);
        this.locations = List.copyOf(locations);
        this.unconsolidated = List.copyOf(unconsolidated);
        this.egress = egress;
    }

    /** This plan with the egress plan of its trims (per tier: range-exact against whole-file restore). */
    public ConsolidationPlan withEgress(EgressPlan plan) {
        return new ConsolidationPlan(handlesFrames, folder, trims, locations, unconsolidated, plan);
    }

    /** The egress plan, when one was worked out. */
    public Optional<EgressPlan> egress() {
        return Optional.ofNullable(egress);
    }

    /** Plans with the originals' mount points as storage locations. */
    public static ConsolidationPlan of(
            ProjectId project, LinkResult linked, AssetCatalogue catalogue, int handlesFrames, Path folder) {
        return of(project, linked, catalogue, handlesFrames, folder, new MountPoints());
    }

    /**
     * Plans the consolidation of {@code linked} (the linker's result for {@code project}), reading
     * each chosen original's manifest from {@code catalogue}; the trimmed files go under {@code folder}.
     */
    public static ConsolidationPlan of(
            ProjectId project,
            LinkResult linked,
            AssetCatalogue catalogue,
            int handlesFrames,
            Path folder,
            StorageLocations locations) {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(linked, "linked");
        Objects.requireNonNull(catalogue, "catalogue");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(locations, "locations");
        if (handlesFrames < 0) {
            throw GatewayException.invalid("handles must not be negative: " + handlesFrames + " frames");
        }
        return new Planner(project, catalogue, locations, handlesFrames, folder).plan(linked);
    }

    /** The handles asked for, in frames at the edit's rate. */
    public int handlesFrames() {
        return handlesFrames;
    }

    /** Where the trimmed files go. */
    public Path folder() {
        return folder;
    }

    /** The trimmed files to make, per original in the order the edit first uses it, by start frame. */
    public List<TrimRange> trims() {
        return trims;
    }

    /** Totals per storage location, sorted by location. */
    public List<LocationTotal> locations() {
        return locations;
    }

    /** The events whose media will not be copied, with the reason, in the edit's order. */
    public List<Unconsolidated> unconsolidated() {
        return unconsolidated;
    }

    /** The estimated bytes of all trims. */
    public long bytesEstimate() {
        return trims.stream().mapToLong(TrimRange::bytesEstimate).sum();
    }

    /**
     * One line to print before trimming: "restore 1.2 GB from /mnt/nas1 (3 files), 400 MB from
     * /mnt/raid (1 file)", or "nothing to restore"; with an egress plan, per tier it planned and the
     * bytes of its restore: "restore 12 MB from tier archive (1 file)".
     */
    public String summary() {
        if (egress != null && !egress.tiers().isEmpty()) {
            return byTier(egress);
        }
        if (locations.isEmpty()) {
            return "nothing to restore";
        }
        StringBuilder b = new StringBuilder("restore ");
        for (int i = 0; i < locations.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(locations.get(i));
        }
        return b.toString();
    }

    /**
     * With an egress plan, the line names what it planned: per tier, the bytes its restore moves
     * ("restore 12 MB from tier archive (1 file)"); a tier named by a mount point (no tier
     * configuration) reads as the path.
     */
    private static String byTier(EgressPlan egress) {
        StringBuilder b = new StringBuilder("restore ");
        for (int i = 0; i < egress.tiers().size(); i++) {
            EgressPlan.Tier t = egress.tiers().get(i);
            b.append(i == 0 ? "" : ", ")
                    .append(new ByteCount(t.rangeBytes()))
                    .append(t.name().startsWith("/") ? " from " : " from tier ")
                    .append(t.name())
                    .append(" (")
                    .append(t.originals())
                    .append(t.originals() == 1 ? " file)" : " files)");
        }
        return b.toString();
    }

    /**
     * {@code conformed} with each clip's ORIGINAL reference pointed at the trimmed file (from
     * {@code trimmed}, trim to file made) that holds its frames: target = that file, available range
     * = the trim in timecode frames. Source ranges stay as they were (the trim keeps timecode). A clip
     * whose trim is not in {@code trimmed} (not made) keeps its original.
     */
    public Timeline relink(Timeline conformed, Map<TrimRange, Path> trimmed) {
        return new Relinker(trims, trimmed).relink(conformed);
    }

    /** As {@link #relink(Timeline, Map)}, with every trim made at its planned {@link TrimRange#output()}. */
    public Timeline relink(Timeline conformed) {
        Map<TrimRange, Path> all = new LinkedHashMap<>();
        trims.forEach(t -> all.put(t, t.output()));
        return relink(conformed, all);
    }
}
