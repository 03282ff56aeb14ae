package gateway.relink.read.xml;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cheap pass over the raw markup, before any parser sees it, that refuses the constructs edit
 * files never need and XML attacks always do: entity declarations (XXE, billion laughs), a
 * DOCTYPE that names an external DTD, and XInclude. Comments, CDATA sections and processing
 * instructions are skipped so text inside them cannot trip the scan.
 */
final class MarkupScan {
    static final String XINCLUDE_NAMESPACE = "http://www.w3.org/2001/XInclude";
    private static final Pattern ENCODING =
            Pattern.compile("<\\?xml\\s[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    private final String text;
    private final String sourceName;

    private MarkupScan(String text, String sourceName) {
        this.text = text;
        this.sourceName = sourceName;
    }

    /** Throws PARSE_ERROR naming the line of the first refused construct in {@code xml}. */
    static void check(byte[] xml, String sourceName) {
        String text = asText(xml);
        MarkupScan scan = new MarkupScan(text, sourceName);
        scan.checkStart(isUtf16(xml));
        scan.run();
    }

    private static boolean isUtf16(byte[] xml) {
        if (xml.length < 2) {
            return false;
        }
        int b0 = xml[0] & 0xff;
        int b1 = xml[1] & 0xff;
        return (b0 == 0xfe && b1 == 0xff)
                || (b0 == 0x00 && b1 == 0x3c)
                || (b0 == 0xff && b1 == 0xfe)
                || (b0 == 0x3c && b1 == 0x00);
    }

    /**
     * The scan is only sound when the markup is readable as ASCII: the document must start with
     * '<' (after a byte-order mark and white space) and declare no encoding that moves ASCII.
     */
    private void checkStart(boolean utf16) {
        int i = 0;
        if (text.startsWith("\u00ef\u00bb\u00bf") || text.startsWith("\ufeff")) {
            i = text.startsWith("\ufeff") ? 1 : 3;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '<') {
            throw new GatewayException(
                    Reason.PARSE_ERROR,
                    sourceName + " does not start with XML markup in UTF-8, UTF-16 or an ASCII-based encoding");
        }
        Matcher declaration = ENCODING.matcher(text.substring(i, Math.min(text.length(), i + 200)));
        if (!utf16 && declaration.lookingAt()) {
            checkAsciiCompatible(declaration.group(1));
        }
    }

    private void checkAsciiCompatible(String encoding) {
        Charset charset;
        try {
            charset = Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(
                    Reason.PARSE_ERROR, sourceName + " declares encoding '" + encoding + "', which is not supported");
        }
        String probe = "<!ENTITY DOCTYPE SYSTEM PUBLIC --> []\"'=:/.";
        if (!charset.canEncode()
                || !Arrays.equals(probe.getBytes(charset), probe.getBytes(StandardCharsets.US_ASCII))) {
            throw new GatewayException(
                    Reason.PARSE_ERROR,
                    sourceName + " declares encoding '" + encoding
                            + "', which is not ASCII-based: refused (it would hide markup from the entity check)");
        }
    }

    /**
     * Markup is ASCII, so ISO-8859-1 finds it byte for byte in UTF-8 and every single-byte
     * encoding; UTF-16 (with or without a byte-order mark) is decoded as such.
     */
    private static String asText(byte[] xml) {
        if (xml.length >= 2) {
            int b0 = xml[0] & 0xff;
            int b1 = xml[1] & 0xff;
            if ((b0 == 0xfe && b1 == 0xff) || (b0 == 0x00 && b1 == 0x3c)) {
                return new String(xml, StandardCharsets.UTF_16BE);
            }
            if ((b0 == 0xff && b1 == 0xfe) || (b0 == 0x3c && b1 == 0x00)) {
                return new String(xml, StandardCharsets.UTF_16LE);
            }
        }
        return new String(xml, StandardCharsets.ISO_8859_1);
    }

    private void run() {
        int i = text.indexOf('<');
        while (i >= 0 && i < text.length()) {
            int next;
            if (text.startsWith("<!--", i)) {
                next = skipPast(i, "-->");
            } else if (text.startsWith("<![CDATA[", i)) {
                next = skipPast(i, "]]>");
            } else if (text.startsWith("<?", i)) {
                next = skipPast(i, "?>");
            } else if (startsWithIgnoreCase(i, "<!ENTITY")) {
                throw refused(i, "declares an entity", "edit files never need entities");
            } else if (startsWithIgnoreCase(i, "<!DOCTYPE")) {
                checkDoctype(i);
                next = i + 2;
            } else {
                checkElement(i);
                next = i + 1;
            }
            i = text.indexOf('<', next);
        }
    }

    /** The DOCTYPE's own header, up to its internal subset or its end: no SYSTEM or PUBLIC id. */
    private void checkDoctype(int start) {
        int end = start + "<!DOCTYPE".length();
        while (end < text.length() && text.charAt(end) != '[' && text.charAt(end) != '>') {
            end++;
        }
        String header = text.substring(start, end);
        for (String word : header.split("\\s+")) {
            if (word.equalsIgnoreCase("SYSTEM") || word.equalsIgnoreCase("PUBLIC")) {
                throw refused(start, "references an external DTD", "edit files never need one");
            }
        }
    }

    /**
     * An element whose text binds or uses the XInclude namespace. It runs to the next '<' (which
     * an attribute value cannot hold) so a '>' inside an attribute value cannot cut it short.
     */
    private void checkElement(int start) {
        int end = text.indexOf('<', start + 1);
        String tag = text.substring(start, end < 0 ? text.length() : end);
        if (tag.contains(XINCLUDE_NAMESPACE)) {
            throw refused(start, "uses XInclude", "edit files never include other files");
        }
    }

    private int skipPast(int start, String terminator) {
        int end = text.indexOf(terminator, start + 2);
        return end < 0 ? text.length() : end + terminator.length();
    }

    private boolean startsWithIgnoreCase(int at, String prefix) {
        return text.regionMatches(true, at, prefix, 0, prefix.length());
    }

    private GatewayException refused(int offset, String what, String why) {
        return new GatewayException(
                Reason.PARSE_ERROR,
                sourceName + " " + what + " at line " + lineOf(offset)
                        + ": refused (XXE / entity-expansion protection); " + why);
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int k = 0; k < offset; k++) {
            if (text.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }
}
