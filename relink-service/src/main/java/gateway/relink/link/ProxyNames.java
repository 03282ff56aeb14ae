package gateway.relink.link;

import java.util.Locale;
import java.util.Optional;

/**
 * Maps a proxy's file name back to its original's clip name: {@code A001C003_proxy.mp4} or a file in a
 * {@code Proxy/} folder is the proxy of clip {@code A001C003}.
 */
final class ProxyNames {
    private ProxyNames() {}

    /** The original's clip name when {@code path} names a proxy, else empty. */
    static Optional<String> originalClipName(String path) {
        if (path == null) {
            return Optional.empty();
        }
        String p = path.replace('\\', '/');
        String lower = p.toLowerCase(Locale.ROOT);
        String file = ClipFacts.fileName(p);
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        String stemLower = stem.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {"_proxy", "-proxy", ".proxy", "_prx"}) {
            if (stemLower.endsWith(suffix)) {
                return Optional.of(stem.substring(0, stem.length() - suffix.length()));
            }
        }
        if (lower.contains("/proxy/") || lower.startsWith("proxy/") || lower.contains("/proxies/")) {
            return Optional.of(stem);
        }
        return Optional.empty();
    }
}
