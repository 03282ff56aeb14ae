package gateway.proxy.probe;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a QuickTime / ISO-BMFF file the probe needs: the major brand, the tracks of the
 * movie box, the user-data tags (movie and tracks, "©cmt", "com.apple.quicktime.make" ...) and
 * whether the file is fragmented (samples in moof boxes rather than in the sample tables).
 */
record QuickTimeMovie(String majorBrand, List<QuickTimeTrack> tracks, Map<String, String> tags, boolean fragmented) {

    Optional<QuickTimeTrack> firstVideo() {
        return tracks.stream().filter(QuickTimeTrack::isVideo).findFirst();
    }

    Optional<QuickTimeTrack> firstTimecode() {
        return tracks.stream().filter(QuickTimeTrack::isTimecode).findFirst();
    }

    List<QuickTimeTrack> audio() {
        return tracks.stream().filter(QuickTimeTrack::isAudio).toList();
    }

    boolean isQuickTime() {
        return majorBrand.equals("qt  ");
    }
}
