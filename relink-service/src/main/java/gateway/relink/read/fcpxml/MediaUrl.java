package gateway.relink.read.fcpxml;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A media location as FCPXML writes it ({@code file:///Volumes/A%20B/C001.mov}) and as a path
 * ({@code /Volumes/A B/C001.mov}): file URLs are percent-decoded, {@code file://localhost/} and
 * Windows drive letters ({@code file:///C:/...}) are understood; anything else is kept decoded.
 */
record MediaUrl(String url, String path) {

    static MediaUrl of(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        return new MediaUrl(url, toPath(url.strip()));
    }

    /** The last path segment ("C001.mov"). */
    String fileName() {
        String p = path.replace('\\', '/');
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    private static String toPath(String url) {
        if (url.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                URI uri = new URI(url);
                String path = uri.getPath();
                if (path != null) {
                    return dropSlashBeforeDrive(path);
                }
            } catch (URISyntaxException e) {
                // not a strict URI (a space, a stray '%'): decode it by hand below
            }
            String rest = url.substring(5);
            if (rest.startsWith("//")) {
                rest = rest.substring(2);
                int slash = rest.indexOf('/');
                rest = slash < 0 ? "/" : rest.substring(slash);
            }
            return dropSlashBeforeDrive(decode(rest));
        }
        return decode(url);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** "/C:/media/a.mov" is "C:/media/a.mov". */
    private static String dropSlashBeforeDrive(String path) {
        if (path.length() >= 3
                && path.charAt(0) == '/'
                && Character.isLetter(path.charAt(1))
                && path.charAt(2) == ':') {
            return path.substring(1);
        }
        return path;
    }
}
