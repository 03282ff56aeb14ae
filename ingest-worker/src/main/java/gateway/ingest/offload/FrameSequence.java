package gateway.ingest.offload;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A camera raw clip recorded as one file per frame: ARRIRAW ({@code .ari}, and {@code .arx} for
 * ARRIRAW HDE), named {@code <clip>.<frame number>.ari} (or {@code _<number>}) in the clip's
 * folder. The clip is one asset: its first frame stands for it (the job's original), the other
 * frames are checksummed and listed in the card's MHL with it.
 *
 * @param clip the clip's name (the frame names without the number and extension)
 * @param frames the frame files, in frame-number order
 * @param missing how many numbers between the first and the last frame have no file
 */
public record FrameSequence(String clip, List<Path> frames, long missing) {
    private static final Set<String> FRAME_EXTENSIONS = Set.of("ari", "arx");
    private static final Pattern NUMBERED = Pattern.compile("(.+?)[._](\\d{3,})\\.([A-Za-z]+)");

    public FrameSequence {
        frames = List.copyOf(frames);
    }

    /** True when {@code file} is a frame of a frame-per-file raw clip by its name. */
    public static boolean isFrame(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && FRAME_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The clip name of the frame file {@code frame} (its name without frame number and extension). */
    public static String clipName(Path frame) {
        return Numbered.of(frame).map(Numbered::clip).orElseGet(() -> base(frame));
    }

    /** The first frame. */
    public Path first() {
        return frames.get(0);
    }

    /**
     * The sequence {@code frame} belongs to, from the files in its folder; a frame file without a
     * number is a sequence of one.
     */
    public static FrameSequence of(Path frame) {
        Optional<Numbered> own = Numbered.of(frame);
        if (own.isEmpty()) {
            return new FrameSequence(base(frame), List.of(frame), 0);
        }
        List<Numbered> found = new ArrayList<>();
        Path dir = frame.toAbsolutePath().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path p : entries) {
                Numbered.of(p).filter(n -> n.sameClip(own.get())).ifPresent(found::add);
            }
        } catch (IOException e) {
            return new FrameSequence(own.get().clip(), List.of(frame), 0);
        }
        return sequence(own.get().clip(), found);
    }

    /**
     * {@code files} with each frame-per-file clip among them reduced to its first frame (in the
     * order given); other files are kept.
     */
    public static List<Path> firstFrames(List<Path> files) {
        Map<String, List<Numbered>> clips = new LinkedHashMap<>();
        for (Path f : files) {
            if (isFrame(f)) {
                Numbered.of(f).ifPresent(n -> clips.computeIfAbsent(n.key(), k -> new ArrayList<>())
                        .add(n));
            }
        }
        Set<Path> later = new HashSet<>();
        for (List<Numbered> clip : clips.values()) {
            FrameSequence s = sequence(clip.get(0).clip(), clip);
            later.addAll(s.frames().subList(1, s.frames().size()));
        }
        return later.isEmpty()
                ? files
                : files.stream().filter(f -> !later.contains(f)).toList();
    }

    private static FrameSequence sequence(String clip, List<Numbered> frames) {
        List<Numbered> sorted = frames.stream()
                .sorted(Comparator.comparingLong(Numbered::number))
                .toList();
        long span = sorted.get(sorted.size() - 1).number() - sorted.get(0).number() + 1;
        return new FrameSequence(clip, sorted.stream().map(Numbered::file).toList(), span - sorted.size());
    }

    private static String base(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** A frame file, its clip name and frame number. */
    private record Numbered(Path file, String clip, long number, String extension) {
        static Optional<Numbered> of(Path f) {
            if (!isFrame(f)) {
                return Optional.empty();
            }
            Matcher m = NUMBERED.matcher(f.getFileName().toString());
            if (!m.matches() || m.group(2).length() > 12) {
                return Optional.empty();
            }
            return Optional.of(new Numbered(
                    f, m.group(1), Long.parseLong(m.group(2)), m.group(3).toLowerCase(Locale.ROOT)));
        }

        boolean sameClip(Numbered o) {
            return clip.equals(o.clip) && extension.equals(o.extension);
        }

        /** The clip's identity: its folder, name and extension. */
        String key() {
            return file.toAbsolutePath().getParent() + "/" + clip + "." + extension;
        }
    }
}
