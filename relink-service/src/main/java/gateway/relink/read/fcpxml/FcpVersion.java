package gateway.relink.read.fcpxml;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;

/** The {@code version} of an {@code fcpxml} document: this reader reads 1.8 to 1.13. */
record FcpVersion(int major, int minor) implements Comparable<FcpVersion> {
    static final FcpVersion OLDEST = new FcpVersion(1, 8);
    static final FcpVersion NEWEST = new FcpVersion(1, 13);

    /** Parses "1.10"; a missing or garbled version is a PARSE_ERROR. */
    static FcpVersion parse(String text, String source) {
        if (text == null || text.isBlank()) {
            throw new GatewayException(Reason.PARSE_ERROR, source + ": <fcpxml> has no version attribute");
        }
        String[] parts = text.trim().split("\\.");
        try {
            if (parts.length == 2) {
                return new FcpVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new GatewayException(
                Reason.PARSE_ERROR, source + ": FCPXML version '" + text + "' is not MAJOR.MINOR (e.g. 1.10)");
    }

    /** Fails with UNSUPPORTED, naming the version, outside 1.8 - 1.13. */
    FcpVersion requireSupported(String source) {
        if (compareTo(OLDEST) < 0 || compareTo(NEWEST) > 0) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    source + ": FCPXML version " + this + " is not supported; this reader reads FCPXML " + OLDEST
                            + " to " + NEWEST
                            + (compareTo(OLDEST) < 0 ? " (export again from Final Cut Pro 10.4 or later)" : ""));
        }
        return this;
    }

    @Override
    public int compareTo(FcpVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
