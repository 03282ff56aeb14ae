package gateway.relink.read.cmx;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.util.regex.Pattern;

/**
 * One time field of a CMX line: a timecode ({@code 01:00:00:00}, {@code 01:00:00;00} for
 * drop-frame) or a bare frame count, read as frames since midnight at the list's rate.
 */
final class CmxTime {
    private static final Pattern TIMECODE = Pattern.compile("\\d{1,2}[:;.,]\\d{1,2}[:;.,]\\d{1,2}[:;.,]\\d{1,3}");
    private static final Pattern FRAMES = Pattern.compile("\\d{1,9}");
    private static final Pattern SEPARATORS = Pattern.compile("[:;.,]");

    private CmxTime() {}

    static boolean looksLikeTime(String token) {
        return TIMECODE.matcher(token).matches() || FRAMES.matcher(token).matches();
    }

    static boolean isTimecode(String token) {
        return TIMECODE.matcher(token).matches();
    }

    /** True when the separator before the frames says drop-frame (';', '.' or ','). */
    static boolean marksDropFrame(String token) {
        if (!isTimecode(token)) {
            return false;
        }
        int i = Math.max(token.lastIndexOf(';'), Math.max(token.lastIndexOf('.'), token.lastIndexOf(',')));
        return i >= 0 && i > token.lastIndexOf(':');
    }

    /** Frames since midnight; fails with a message on a field out of range (frame past the rate ...). */
    static long frames(String token, FrameRate rate, boolean dropFrame) {
        if (!isTimecode(token)) {
            return Long.parseLong(token);
        }
        String normal = token.replace(';', ':').replace('.', ':').replace(',', ':');
        return Timecode.parse(normal, rate, dropFrame).toFrames();
    }

    /** The frame count the fields name if each is taken at face value (a frame past the rate carries). */
    static long naiveFrames(String token, FrameRate rate) {
        if (!isTimecode(token)) {
            return Long.parseLong(token);
        }
        String[] p = SEPARATORS.split(token);
        long base = rate.timecodeBase();
        return ((Long.parseLong(p[0]) * 60 + Long.parseLong(p[1])) * 60 + Long.parseLong(p[2])) * base
                + Long.parseLong(p[3]);
    }

    /** The message of a failed {@link #frames}, for an event's problem. */
    static String problem(String token, GatewayException e) {
        return "bad time field '" + token + "': " + e.getMessage();
    }
}
