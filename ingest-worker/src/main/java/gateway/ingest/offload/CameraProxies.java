package gateway.ingest.offload;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Camera raw originals (that GStreamer cannot decode) and the proxies cameras record beside them.
 * Raw by name: {@code .R3D} (RED), {@code .BRAW} (Blackmagic), {@code .CRM} (Canon Cinema RAW Light),
 * {@code .ari} / {@code .arx} (ARRIRAW, one file per frame: see {@link FrameSequence}; the clip's
 * name is the frames' without the number). Not here: the later segments of a spanned R3D clip
 * ({@code _002.R3D} ...), each still ingested as its own original. A camera proxy is a QuickTime,
 * MP4 or MXF file ({@code .mov}, {@code .mp4}, {@code .mxf}, any case) whose base name is the
 * original's, the original's with {@code _Proxy}, {@code _P}, {@code S03} or {@code _S03} (Sony's
 * sub-stream proxies) after it, or, for a spanned R3D segment ({@code A001_C001_0101AB_001}), the
 * clip's without the segment number; looked for, in this order, beside the original, in a {@code
 * Proxy}, {@code Proxies}, {@code _Proxy} or {@code Sub} folder (any case) inside the original's
 * folder, then in such a folder beside it (a card's {@code A001_C001.RDC/} and {@code Proxy/}).
 * Raw in MXF (Sony X-OCN, ARRIRAW in MXF) is not told apart from other MXF by its name: the probe
 * tells it by its picture coding; the proxy of any MXF original is looked for in those folders
 * only, never beside it (where another original of the same name may lie).
 */
public final class CameraProxies {
    private static final Set<String> RAW = Set.of("r3d", "braw", "crm", "ari", "arx");
    private static final List<String> PROXY_EXTENSIONS = List.of("mov", "mp4", "mxf");
    private static final List<String> PROXY_FOLDERS = List.of("proxy", "proxies", "_proxy", "sub");
    private static final List<String> SUFFIXES = List.of("", "_proxy", "_p", "s03", "_s03");
    private static final Pattern SEGMENT = Pattern.compile("_\\d{3}$");

    private CameraProxies() {}

    /** True when {@code file} is a camera raw original by its name. */
    public static boolean isCameraRaw(Path file) {
        return RAW.contains(extension(file));
    }

    /** The camera proxy of the raw original {@code original}, if the card has one (see the class comment). */
    public static Optional<Path> find(Path original) {
        for (Path folder : folders(original)) {
            Optional<Path> found = inFolder(folder, baseNames(original)).filter(p -> !p.toAbsolutePath()
                    .normalize()
                    .equals(original.toAbsolutePath().normalize()));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Where {@link #find} looks, for messages: the folders, relative to the original's. */
    public static String searched() {
        return "beside it, in Proxy/, Proxies/, _Proxy/ or Sub/ inside its folder or beside it, as <name>,"
                + " <name>_Proxy, <name>_P or <name>_S03 with .mov, .mp4 or .mxf";
    }

    /** {@code files} without the camera proxies of the raw originals among them (each proxy belongs to its original's asset). */
    public static List<Path> withoutCameraProxies(List<Path> files) {
        Set<Path> proxies = new HashSet<>();
        for (Path f : files) {
            if (isCameraRaw(f) || isMxf(f)) {
                find(f).ifPresent(p -> proxies.add(p.toAbsolutePath().normalize()));
            }
        }
        if (proxies.isEmpty()) {
            return files;
        }
        return files.stream()
                .filter(f -> !proxies.contains(f.toAbsolutePath().normalize()))
                .toList();
    }

    private static boolean isMxf(Path f) {
        return extension(f).equals("mxf");
    }

    private static List<Path> folders(Path original) {
        Path dir = original.toAbsolutePath().getParent();
        List<Path> folders = new ArrayList<>(isMxf(original) ? List.of() : List.of(dir));
        folders.addAll(proxyFolders(dir));
        if (dir.getParent() != null) {
            folders.addAll(proxyFolders(dir.getParent()));
        }
        return folders;
    }

    private static List<Path> proxyFolders(Path dir) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path p : entries) {
                if (PROXY_FOLDERS.contains(p.getFileName().toString().toLowerCase(Locale.ROOT))) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        found.sort(null);
        return found;
    }

    private static List<String> baseNames(Path original) {
        String name = original.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = (FrameSequence.isFrame(original)
                        ? FrameSequence.clipName(original)
                        : dot > 0 ? name.substring(0, dot) : name)
                .toLowerCase(Locale.ROOT);
        List<String> bases = new ArrayList<>();
        for (String b : SEGMENT.matcher(base).find()
                ? List.of(base, SEGMENT.matcher(base).replaceFirst(""))
                : List.of(base)) {
            for (String suffix : SUFFIXES) {
                bases.add(b + suffix);
            }
        }
        return bases;
    }

    private static Optional<Path> inFolder(Path folder, List<String> bases) {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, Files::isRegularFile)) {
            entries.forEach(candidates::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String base : bases) {
            for (Path c : candidates.stream().sorted().toList()) {
                String name = c.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot > 0
                        && name.substring(0, dot).toLowerCase(Locale.ROOT).equals(base)
                        && PROXY_EXTENSIONS.contains(extension(c))) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    private static String extension(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
