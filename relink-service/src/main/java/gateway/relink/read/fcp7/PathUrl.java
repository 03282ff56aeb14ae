package gateway.relink.read.fcp7;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code pathurl} of an xmeml {@code file}, as a path: percent-decoded (UTF-8; '+' stays a
 * plus), {@code file://localhost/} and {@code file:///} stripped to an absolute path, a Windows drive
 * ({@code file://localhost/D%3a/media/a.mov}) to {@code D:/media/a.mov}, another host to a UNC
 * path ({@code //host/share/a.mov}). A URL of another scheme is returned decoded but otherwise as
 * written. Empty when the text has a broken percent escape.
 */
final class PathUrl {
    private PathUrl() {}

    static Optional<String> toPath(String url) {
        String text = url.strip();
        Optional<String> decoded = percentDecoded(text);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        String s = decoded.get();
        if (!s.regionMatches(true, 0, "file:", 0, 5)) {
            return Optional.of(s);
        }
        String rest = s.substring(5);
        String path;
        if (rest.startsWith("//")) {
            String afterSlashes = rest.substring(2);
            int slash = afterSlashes.indexOf('/');
            String host = slash < 0 ? afterSlashes : afterSlashes.substring(0, slash);
            String hostPath = slash < 0 ? "/" : afterSlashes.substring(slash);
            path = host.isEmpty() || host.toLowerCase(Locale.ROOT).equals("localhost")
                    ? hostPath
                    : "//" + host + hostPath;
        } else {
            path = rest;
        }
        if (isDrivePath(path)) {
            path = path.substring(1, 2).toUpperCase(Locale.ROOT) + ":"
                    + path.substring(3).replace('\\', '/');
            path = path.substring(0, 2) + "/" + stripLeadingSlashes(path.substring(2));
        }
        return Optional.of(path);
    }

    /** "/D:/..." or "/D|/..." (an old spelling of the drive colon). */
    private static boolean isDrivePath(String path) {
        return path.length() >= 3
                && path.charAt(0) == '/'
                && Character.isLetter(path.charAt(1))
                && (path.charAt(2) == ':' || path.charAt(2) == '|')
                && (path.length() == 3 || path.charAt(3) == '/' || path.charAt(3) == '\\');
    }

    private static String stripLeadingSlashes(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '/') {
            i++;
        }
        return s.substring(i);
    }

    private static Optional<String> percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return Optional.of(s);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }
}
