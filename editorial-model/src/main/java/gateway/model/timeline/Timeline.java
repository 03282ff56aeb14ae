package gateway.model.timeline;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An edit: a stack of tracks and the record time its first frame is labelled with
 * ({@code globalStart}, e.g. 01:00:00:00 as frames since midnight). Track positions are relative to
 * it; the timeline's rate is the rate of {@code globalStart}.
 */
public record Timeline(String name, RationalTime globalStart, Stack tracks, Metadata metadata) {

    public Timeline {
        name = name == null ? "" : name;
        Objects.requireNonNull(globalStart, "globalStart");
        Objects.requireNonNull(tracks, "tracks");
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    public static Timeline of(String name, RationalTime globalStart, List<Track> tracks) {
        return new Timeline(name, globalStart, Stack.of(tracks), Metadata.empty());
    }

    public FrameRate rate() {
        return globalStart.rate();
    }

    /** The longest track, at the timeline's rate (rounded up when a track holds other rates). */
    public RationalTime duration() {
        long max = 0;
        for (Track t : tracks.tracks()) {
            max = Math.max(max, t.duration(rate(), RoundingMode.CEILING).value());
        }
        return RationalTime.of(max, rate());
    }

    public List<Track> videoTracks() {
        return tracks.tracks().stream().filter(t -> t.kind() == TrackKind.VIDEO).toList();
    }

    public List<Track> audioTracks() {
        return tracks.tracks().stream().filter(t -> t.kind() == TrackKind.AUDIO).toList();
    }

    /** A copy with the track at {@code index} replaced. */
    public Timeline withTrack(int index, Track track) {
        List<Track> copy = new ArrayList<>(tracks.tracks());
        copy.set(index, track);
        return new Timeline(name, globalStart, new Stack(tracks.name(), copy, tracks.metadata()), metadata);
    }

    public Timeline withMetadata(Metadata newMetadata) {
        return new Timeline(name, globalStart, tracks, newMetadata);
    }
}
