package gateway.relink.write.xml;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A path as a URL in an XML edit. {@link #xmeml} is an xmeml {@code pathurl}: {@code /media/A 1.mov} is {@code file://localhost/media/A%201.mov},
 * a Windows drive {@code D:\media\a.mov} is {@code file://localhost/D%3a/media/a.mov} (as Premiere
 * writes it), a UNC path {@code //host/share/a.mov} is {@code file://host/share/a.mov}. A URL that
 * already has a scheme is kept; a relative path is percent-encoded without a scheme. The reader's
 * {@code PathUrl} turns each back into the same path. {@link #fcpxml} is the form Final Cut Pro X
 * writes: {@code file:///media/A%201.mov}, {@code file:///D:/media/a.mov}.
 */
public final class FileUrl {
    private FileUrl() {}

    public static String xmeml(String path) {
        if (path.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) {
            return path;
        }
        String p = path.replace('\\', '/');
        if (p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':') {
            String rest = p.substring(2);
            return "file://localhost/" + p.substring(0, 1) + "%3a" + encode(rest.startsWith("/") ? rest : "/" + rest);
        }
        if (p.startsWith("//")) {
            return "file:" + encode(p);
        }
        if (p.startsWith("/")) {
            return "file://localhost" + encode(p);
        }
        return encode(p);
    }

    /** Percent-encodes every byte of the UTF-8 path but unreserved characters and '/'. */
    public static String fcpxml(String path) {
        if (path.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) {
            return path;
        }
        String p = path.replace('\\', '/');
        if (p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':') {
            return "file:///" + p.substring(0, 2) + encode(p.substring(2));
        }
        if (p.startsWith("//")) {
            return "file:" + encode(p);
        }
        if (p.startsWith("/")) {
            return "file://" + encode(p);
        }
        return encode(p);
    }

    public static String encode(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}
