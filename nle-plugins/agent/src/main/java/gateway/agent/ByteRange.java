package gateway.agent;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} header (RFC 9110 §14.1.2) against a file of
 * {@code size} bytes: {@code first-last}, {@code first-} or {@code -suffix}. Anything else, several
 * ranges, or a range that starts past the end is OUT_OF_RANGE (answered 416).
 */
record ByteRange(long first, long last, long size) {
    private static final Pattern ONE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    String contentRange() {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** The range asked for, or empty when the header is absent (the whole file). */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher m = ONE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            throw unsatisfiable(
                    "'" + header + "' is not one byte range (bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX)", size);
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable("'" + header + "' asks for no bytes", size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1, size));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || last < first) {
                throw unsatisfiable("'" + header + "' is outside the " + size + " bytes of the file", size);
            }
            return Optional.of(new ByteRange(first, last, size));
        } catch (NumberFormatException e) {
            throw unsatisfiable("'" + header + "' has a number too large", size);
        }
    }

    private static GatewayException unsatisfiable(String message, long size) {
        return new Unsatisfiable(message, size);
    }

    /** A range that cannot be served: answered 416 with {@code Content-Range: bytes *\/size}. */
    static final class Unsatisfiable extends GatewayException {
        private static final long serialVersionUID = 1L;
        final long size;

        Unsatisfiable(String message, long size) {
            super(Reason.OUT_OF_RANGE, message);
            this.size = size;
        }
    }
}
