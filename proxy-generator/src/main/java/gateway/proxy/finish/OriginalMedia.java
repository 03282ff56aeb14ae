package gateway.proxy.finish;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.UnknownEffect;
import gateway.proxy.probe.MediaProbe;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The originals a render's clips play, each probed once: a clip's active reference as a file, the
 * timecode frame its first picture carries, and what cannot be played (a missing reference, a
 * generator, an image sequence) reported as a warning and played as black or silence.
 */
final class OriginalMedia {
    private final MediaProbe probe;
    private final FrameRate rate;
    private final List<String> warnings;
    private final Map<Path, MediaInfo> probed = new HashMap<>();

    OriginalMedia(MediaProbe probe, FrameRate rate, List<String> warnings) {
        this.probe = probe;
        this.rate = rate;
        this.warnings = warnings;
    }

    /** The original whose pictures {@code clip} shows, or null for black. */
    ClipShot.Media pictures(Clip clip) {
        clip.effects().stream()
                .filter(e -> e instanceof UnknownEffect)
                .map(e -> ((UnknownEffect) e).name())
                .forEach(
                        effect -> warnings.add("clip '" + nameOf(clip) + "': effect '" + effect + "' is not rendered"));
        ClipShot.Media media = resolve(clip, "black");
        if (media != null && media.info().video() == null) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "clip '" + nameOf(clip) + "': " + media.file().getFileName() + " has no picture");
        }
        return media;
    }

    /** The original whose sound {@code clip} plays, or null for silence. */
    ClipShot.Media sound(Clip clip) {
        ClipShot.Media media = resolve(clip, "silent");
        if (media != null && media.info().audio().isEmpty()) {
            warnings.add("clip '" + nameOf(clip) + "': " + media.file().getFileName() + " has no sound: silent");
            return null;
        }
        if (media != null && clip.speedRamp().isPresent()) {
            warnings.add("clip '" + nameOf(clip) + "' on an audio track has a speed ramp: its sound is not"
                    + " rendered, silent");
        } else if (media != null && !clip.timeScalar().equals(TimeScalar.NORMAL)) {
            warnings.add("clip '" + nameOf(clip) + "' on an audio track is retimed (" + clip.timeScalar()
                    + "): its sound is not rendered, silent");
        }
        return media;
    }

    private ClipShot.Media resolve(Clip clip, String instead) {
        MediaReference ref = clip.activeReference();
        String name = nameOf(clip);
        switch (ref) {
            case ExternalReference e -> {
                Path file = pathOf(e.target());
                MediaInfo info = probed.computeIfAbsent(file, probe::probe);
                ClipShot.requireRate("its original " + file.getFileName(), info.frameRate(), rate, name);
                long first;
                if (e.available() != null) {
                    ClipShot.requireRate("its available range", e.available().rate(), rate, name);
                    first = e.available().start().value();
                } else {
                    first = info.startTimecode() == null
                            ? 0
                            : info.startTimecode().toFrames();
                }
                return new ClipShot.Media(file, info, first);
            }
            case MissingReference m ->
                warnings.add("clip '" + name + "' has no media (reel " + m.reel() + ", file " + m.sourceFile()
                        + "): rendered " + instead);
            case GeneratorReference g -> {
                if (!GeneratorReference.BLACK.equals(g.kind())) {
                    warnings.add("clip '" + name + "' is generated (" + g.kind() + "): rendered " + instead);
                }
            }
            default ->
                warnings.add("clip '" + name + "' plays " + ref.getClass().getSimpleName()
                        + ", which is not rendered: rendered " + instead);
        }
        return null;
    }

    private static String nameOf(Clip clip) {
        return clip.name().isEmpty() ? "(unnamed clip)" : clip.name();
    }

    /** A reference target as a path: a plain path, or a file: URL (file:///x, file://localhost/x). */
    static Path pathOf(String target) {
        if (!target.regionMatches(true, 0, "file:", 0, 5)) {
            return Path.of(target);
        }
        try {
            URI uri = URI.create(target.replace(" ", "%20"));
            String host = uri.getHost();
            if (host != null && !host.equalsIgnoreCase("localhost")) {
                throw GatewayException.invalid("reference " + target + " names another host (" + host + ")");
            }
            return Path.of(uri.getPath());
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("reference " + target + " is not a file URL: " + e.getMessage());
        }
    }
}
