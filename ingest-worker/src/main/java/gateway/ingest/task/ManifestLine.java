package gateway.ingest.task;

import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestJson;

/**
 * The manifest a worker made, as the one line it prints after {@code result } on its stdout, and
 * back as the job run reads it: the manifest's JSON ({@link ManifestJson}) on one line. JSON
 * escapes the newlines inside strings, so joining its lines loses nothing.
 */
public final class ManifestLine {
    private ManifestLine() {}

    public static String encode(Manifest m) {
        return ManifestJson.toJson(m).replace('\n', ' ');
    }

    /** {@code source} names where the line came from in errors. */
    public static Manifest decode(String line, String source) {
        return ManifestJson.fromJson(line, source);
    }
}
