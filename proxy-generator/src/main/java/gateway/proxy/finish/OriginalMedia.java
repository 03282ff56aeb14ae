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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The originals a render's clips play, each probed once: a clip's active reference as a file and
 * the timecode frame its first picture carries. A clip whose pictures cannot be rendered as the
 * edit asks (a missing reference, a generator, an image sequence, an effect we do not render) is
 * recorded as {@link NotRendered} ({@link #refused()}; the render refuses it or shows it black with
 * the reason); a clip whose sound cannot be played is a warning and plays silence.
 */
final class OriginalMedia {
    private final MediaProbe probe;
    private final FrameRate rate;
    private final List<String> warnings;
    private final Map<Path, MediaInfo> probed = new HashMap<>();
    private final Map<Clip, NotRendered> refused = new IdentityHashMap<>();
    private final List<NotRendered> refusedInOrder = new ArrayList<>();

    OriginalMedia(MediaProbe probe, FrameRate rate, List<String> warnings) {
        this.probe = probe;
        this.rate = rate;
        this.warnings = warnings;
    }

    /** The original whose pictures {@code clip} shows, or null for black (and for a refused clip). */
    ClipShot.Media pictures(Clip clip) {
        List<String> reasons = new ArrayList<>();
        clip.effects().stream()
                .filter(e -> e instanceof UnknownEffect)
                .map(e -> ((UnknownEffect) e).name())
                .forEach(effect -> reasons.add("effect '" + effect + "' is not rendered"));
        ClipShot.Media media = resolve(clip, reasons::add);
        if (media != null && media.info().video() == null) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "clip '" + nameOf(clip) + "': " + media.file().getFileName() + " has no picture");
        }
        if (!reasons.isEmpty()) {
            NotRendered n = new NotRendered(
                    clip.metadata().namespace("edit").string("event").orElse(""),
                    nameOf(clip),
                    String.join("; ", reasons));
            refused.put(clip, n);
            refusedInOrder.add(n);
            return null;
        }
        return media;
    }

    /** Why {@code clip}'s pictures cannot be rendered as asked, or null when they can. */
    String refusal(Clip clip) {
        NotRendered n = refused.get(clip);
        return n == null ? null : "NOT RENDERED\n" + n;
    }

    /** The clips whose pictures cannot be rendered as asked, in the order they were met. */
    List<NotRendered> refused() {
        return List.copyOf(refusedInOrder);
    }

    /**
     * The original whose sound {@code clip} plays, or null for silence. Its levels are played; its
     * other effects (a pan, an EQ, a level the reader could not interpret) are not, each a warning.
     */
    ClipShot.Media sound(Clip clip) {
        clip.effects().stream()
                .filter(e -> e instanceof UnknownEffect)
                .map(e -> ((UnknownEffect) e).name())
                .forEach(effect -> warnings.add(
                        subject(clip) + ": sound effect '" + effect + "' is not applied (its sound plays without it)"));
        ClipShot.Media media =
                resolve(clip, problem -> warnings.add("clip '" + nameOf(clip) + "' " + problem + ": rendered silent"));
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

    /** The clip's original, or null with what stands in the way told to {@code problem}. */
    private ClipShot.Media resolve(Clip clip, Consumer<String> problem) {
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
            case MissingReference m -> problem.accept("has no media" + known(m));
            case GeneratorReference g -> {
                if (!GeneratorReference.BLACK.equals(g.kind())) {
                    problem.accept("is generated (" + g.kind() + ")");
                }
            }
            default -> problem.accept("plays " + ref.getClass().getSimpleName() + ", which is not rendered");
        }
        return null;
    }

    /** " (reel R, file F)" with what the edit said of the missing media; empty when it said nothing. */
    private static String known(MissingReference m) {
        List<String> said = new ArrayList<>();
        if (m.reel() != null && !m.reel().isBlank()) {
            said.add("reel " + m.reel());
        }
        if (m.sourceFile() != null && !m.sourceFile().isBlank()) {
            said.add("file " + m.sourceFile());
        }
        return said.isEmpty() ? "" : " (" + String.join(", ", said) + ")";
    }

    /** "event 12, clip 'A001'" or "clip 'A001'". */
    private static String subject(Clip clip) {
        return new NotRendered(clip.metadata().namespace("edit").string("event").orElse(""), nameOf(clip), "")
                .subject();
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
