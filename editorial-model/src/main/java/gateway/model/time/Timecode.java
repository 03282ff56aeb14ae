package gateway.model.time;

import gateway.model.error.GatewayException;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A SMPTE timecode label: hours, minutes, seconds and frames at a rate, non-drop or drop-frame.
 * Timecode exists only at the edges; everything between them is a {@link RationalTime} counting
 * frames since midnight. A day wraps at 24 hours.
 */
public record Timecode(int hours, int minutes, int seconds, int frames, FrameRate rate, boolean dropFrame) {

    public Timecode {
        Objects.requireNonNull(rate, "rate");
        String problem = problem(hours, minutes, seconds, frames, rate, dropFrame);
        if (problem != null) {
            throw GatewayException.invalid("timecode " + format(hours, minutes, seconds, frames, dropFrame) + problem);
        }
    }

    /**
     * Parses "HH:MM:SS:FF" (non-drop) or "HH:MM:SS;FF" / "HH:MM:SS.FF" (drop-frame, as the
     * separator before the frames says).
     */
    public static Timecode parse(String text, FrameRate rate) {
        String s = requireText(text);
        char separator = ':';
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (isSeparator(c)) {
                separator = c;
                break;
            }
        }
        return parse(text, rate, separator == ';' || separator == '.');
    }

    /** Parses a timecode, with drop-frame decided by the caller (e.g. an EDL's FCM line). */
    public static Timecode parse(String text, FrameRate rate, boolean dropFrame) {
        Objects.requireNonNull(rate, "rate");
        String s = requireText(text);
        if (s.charAt(0) == '-') {
            throw GatewayException.invalid("timecode '" + text + "' is negative");
        }
        int[] fields = new int[4];
        int field = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > (field == 3 ? 3 : 2)) {
                    throw GatewayException.invalid("timecode '" + text + "' has too many digits in field " + (field + 1)
                            + "; expected HH:MM:SS:FF");
                }
                value = value * 10 + (c - '0');
            } else if (isSeparator(c) && field < 3 && digits > 0) {
                fields[field++] = value;
                digits = 0;
                value = 0;
            } else {
                throw GatewayException.invalid("timecode '" + text + "' has '" + c + "' at position " + (i + 1)
                        + "; expected HH:MM:SS:FF (or HH:MM:SS;FF for drop-frame)");
            }
        }
        if (field != 3 || digits == 0) {
            throw GatewayException.invalid(
                    "timecode '" + text + "' is not HH:MM:SS:FF (or HH:MM:SS;FF for drop-frame)");
        }
        fields[3] = value;
        String problem = problem(fields[0], fields[1], fields[2], fields[3], rate, dropFrame);
        if (problem != null) {
            throw GatewayException.invalid("timecode '" + text + "'" + problem);
        }
        return new Timecode(fields[0], fields[1], fields[2], fields[3], rate, dropFrame);
    }

    /** The label of {@code time} (frames since midnight), wrapping at 24 hours. Negative times are rejected. */
    public static Timecode of(RationalTime time, boolean dropFrame) {
        return fromFrames(time.value(), time.rate(), dropFrame);
    }

    /** The label of a frame count since midnight, wrapping at 24 hours. */
    public static Timecode fromFrames(long framesSinceMidnight, FrameRate rate, boolean dropFrame) {
        if (framesSinceMidnight < 0) {
            throw GatewayException.invalid("frame " + framesSinceMidnight + " is negative and has no timecode");
        }
        if (dropFrame && !rate.supportsDropFrame()) {
            throw GatewayException.invalid(
                    "drop-frame timecode is defined only at 29.97 and 59.94, not at " + rate.toDecimalString());
        }
        long frame = framesSinceMidnight % framesPerDay(rate, dropFrame);
        int base = rate.timecodeBase();
        if (dropFrame) {
            int drop = dropCount(rate);
            long perTenMinutes = base * 600L - drop * 9L;
            long perMinute = base * 60L - drop;
            long tens = frame / perTenMinutes;
            long rest = frame % perTenMinutes;
            long skipped = drop * 9L * tens;
            if (rest >= drop) {
                skipped += drop * ((rest - drop) / perMinute);
            }
            frame += skipped;
        }
        int ff = (int) (frame % base);
        long totalSeconds = frame / base;
        return new Timecode(
                (int) (totalSeconds / 3600),
                (int) (totalSeconds / 60 % 60),
                (int) (totalSeconds % 60),
                ff,
                rate,
                dropFrame);
    }

    /**
     * The timecode of a Broadcast WAV file: its TimeReference counts samples since midnight; the
     * label is the frame that sample falls in at {@code rate}.
     */
    public static Timecode fromSamples(long samplesSinceMidnight, long sampleRate, FrameRate rate, boolean dropFrame) {
        if (samplesSinceMidnight < 0) {
            throw GatewayException.invalid("sample count " + samplesSinceMidnight + " is negative");
        }
        return of(RationalTime.fromSamples(samplesSinceMidnight, sampleRate, rate, RoundingMode.FLOOR), dropFrame);
    }

    /** How many frames one day holds at this rate and counting mode. */
    public static long framesPerDay(FrameRate rate, boolean dropFrame) {
        long base = rate.timecodeBase();
        if (!dropFrame) {
            return base * 86_400L;
        }
        return (base * 600L - dropCount(rate) * 9L) * 144L;
    }

    /** Frames since midnight that this label names. */
    public long toFrames() {
        int base = rate.timecodeBase();
        long nominal = ((hours * 60L + minutes) * 60L + seconds) * base + frames;
        if (!dropFrame) {
            return nominal;
        }
        long totalMinutes = hours * 60L + minutes;
        return nominal - dropCount(rate) * (totalMinutes - totalMinutes / 10);
    }

    /** This label as a time: frames since midnight at the rate. */
    public RationalTime toTime() {
        return RationalTime.of(toFrames(), rate);
    }

    /** "HH:MM:SS:FF", or "HH:MM:SS;FF" when drop-frame. */
    @Override
    public String toString() {
        return format(hours, minutes, seconds, frames, dropFrame);
    }

    private static int dropCount(FrameRate rate) {
        return rate.timecodeBase() / 15; // 2 at 29.97, 4 at 59.94
    }

    /** Why these fields are no label at this rate (a phrase to follow the label), or null when they are one. */
    private static String problem(int h, int m, int s, int f, FrameRate rate, boolean dropFrame) {
        if (dropFrame && !rate.supportsDropFrame()) {
            return " is drop-frame, which is defined only at 29.97 and 59.94, not at " + rate.toDecimalString();
        }
        if (h < 0 || m < 0 || s < 0 || f < 0) {
            return " has a negative field";
        }
        if (h > 23 || m > 59 || s > 59) {
            return " is out of range: hours 0-23, minutes and seconds 0-59";
        }
        int base = rate.timecodeBase();
        if (f >= base) {
            return " has frame " + f + " but " + rate.toDecimalString() + " counts frames 0-" + (base - 1);
        }
        if (dropFrame && s == 0 && m % 10 != 0 && f < dropCount(rate)) {
            return " does not exist in drop-frame at " + rate.toDecimalString() + ": frames 0-" + (dropCount(rate) - 1)
                    + " are dropped at the start of every minute not divisible by 10";
        }
        return null;
    }

    private static boolean isSeparator(char c) {
        return c == ':' || c == ';' || c == '.';
    }

    // Hand-built rather than String.format: labels are printed once per frame in exports and tests.
    private static String format(int h, int m, int s, int f, boolean df) {
        StringBuilder b = new StringBuilder(12);
        appendTwoDigits(b, h).append(':');
        appendTwoDigits(b, m).append(':');
        appendTwoDigits(b, s).append(df ? ';' : ':');
        return appendTwoDigits(b, f).toString();
    }

    private static StringBuilder appendTwoDigits(StringBuilder b, int value) {
        if (value >= 0 && value < 10) {
            b.append('0');
        }
        return b.append(value);
    }

    private static String requireText(String text) {
        // trim(), not isBlank(): a text of control characters alone trims to nothing too
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw GatewayException.invalid(
                    "timecode '" + (text == null ? "" : text) + "' is empty; expected HH:MM:SS:FF");
        }
        return s;
    }
}
