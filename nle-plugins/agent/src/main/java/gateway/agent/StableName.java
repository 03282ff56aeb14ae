package gateway.agent;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the cache keeps one rendition of one asset, relative to the cache root:
 *
 * <pre>
 *   &lt;project&gt;/&lt;base&gt;__&lt;id8&gt;.mov              the "edit" proxy
 *   &lt;project&gt;/&lt;base&gt;__&lt;id8&gt;.wav              the "edit" rendition of a WAVE original (a Broadcast WAV)
 *   &lt;project&gt;/&lt;base&gt;__&lt;id8&gt;__&lt;profile&gt;.mp4   any other profile
 * </pre>
 *
 * The node makes the edit rendition of a sound-only WAVE original as a Broadcast WAV, of any
 * other original as a QuickTime movie; the original's extension (.wav, .bwf, .rf64, .bw64, any
 * case) tells which, so the NLE sees the right kind of file.
 *
 * {@code base} is the original's file name without folder and extension (from the manifest's
 * original path, else the clip name), with every character other than a letter, digit, space,
 * '.', '-' or '_' replaced by '_'; {@code id8} is the first 8 characters of the asset id. The name
 * depends only on facts the server holds, so it is the same on every machine and every run: an
 * NLE project linked to it relinks after the cache is wiped and filled again. When two assets of
 * one project would share a name (same base name, same first 8 id characters), the later one gets
 * the whole asset id instead of 8 characters.
 */
record StableName(ProjectId project, String fileName) {
    static final String EDIT_PROFILE = "edit";
    private static final Pattern PROFILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9 ._-]");
    private static final int MAX_BASE_CHARS = 120;
    private static final int ID_CHARS = 8;
    private static final Pattern WAVE_EXTENSION = Pattern.compile("(?i).*\\.(wav|bwf|rf64|bw64)");

    static StableName of(ProjectId project, String originalPath, String clipName, AssetId assetId, String profile) {
        return of(project, originalPath, clipName, assetId, profile, false);
    }

    /** As {@link #of(ProjectId, String, String, AssetId, String)}, with the whole asset id when {@code fullId}. */
    static StableName of(
            ProjectId project, String originalPath, String clipName, AssetId assetId, String profile, boolean fullId) {
        requireProfile(profile);
        String base = baseName(originalPath);
        if (base.isEmpty()) {
            base = baseName(clipName);
        }
        if (base.isEmpty()) {
            base = "asset";
        }
        String id = fullId ? assetId.value() : assetId.value().substring(0, ID_CHARS);
        String name = profile.equals(EDIT_PROFILE)
                ? base + "__" + id + editExtension(originalPath, clipName)
                : base + "__" + id + "__" + profile + ".mp4";
        return new StableName(project, name);
    }

    static String requireProfile(String profile) {
        if (profile == null || !PROFILE.matcher(profile).matches()) {
            throw GatewayException.invalid(
                    "rendition profile '" + profile + "' is not 1-32 lower-case letters, digits or '-'");
        }
        return profile;
    }

    /** The file under {@code root}. */
    Path under(Path root) {
        return root.resolve(project.value()).resolve(fileName);
    }

    /** The path relative to the cache root with '/' separators, as cache.json records it. */
    String relative() {
        return project.value() + "/" + fileName;
    }

    /** ".wav" when the original (its path, else the clip name) is a WAVE file by its extension, else ".mov". */
    private static String editExtension(String originalPath, String clipName) {
        String name = originalPath == null || originalPath.isBlank() ? clipName : originalPath;
        return name != null && WAVE_EXTENSION.matcher(name.strip()).matches() ? ".wav" : ".mov";
    }

    private static String baseName(String path) {
        if (path == null) {
            return "";
        }
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        name = UNSAFE.matcher(name).replaceAll("_").strip();
        if (name.startsWith(".")) {
            name = "_" + name.substring(1); // never a hidden file
        }
        return name.length() > MAX_BASE_CHARS ? name.substring(0, MAX_BASE_CHARS) : name;
    }
}
