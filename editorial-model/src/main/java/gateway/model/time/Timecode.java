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
        if (dropFrame && !rate.supportsDropFrame()) {
            throw GatewayException.invalid(
                    "drop-frame timecode is defined only at 29.97 and 59.94, not at " + rate.toDecimalString());
        }
        int base = rate.timecodeBase();
        String label = format(hours, minutes, seconds, frames, dropFrame);
        if (hours < 0 || minutes < 0 || seconds < 0 || frames < 0) {
            throw GatewayException.invalid("timecode " + label + " has a negative field");
        }
        if (hours > 23 || minutes > 59 || seconds > 59) {
            throw GatewayException.invalid(
                    "timecode " + label + " is out of range: hours 0-23, minutes and seconds 0-59");
        }
        if (frames >= base) {
            throw GatewayException.invalid("timecode " + label + " has frame " + frames + " but "
                    + rate.toDecimalString() + " counts frames 0-" + (base - 1));
        }
        if (dropFrame && seconds == 0 && minutes % 10 != 0 && frames < dropCount(rate)) {
            throw GatewayException.invalid("timecode " + label + " does not exist in drop-frame: frames 0-"
                    + (dropCount(rate) - 1) + " are dropped at the start of every minute not divisible by 10");
        }
    }

    /**
     * Parses "HH:MM:SS:FF" (non-drop) or "HH:MM:SS;FF" / "HH:MM:SS.FF" (drop-frame, as the
     * separator before the frames says).
     */
    public static Timecode parse(String text, FrameRate rate) {
        String s = requireText(text);
        char last = s.length() >= 3 ? s.charAt(s.length() - 3) : ':';
        return parse(s, rate, last == ';' || last == '.');
    }

    /** Parses a timecode, with drop-frame decided by the caller (e.g. an EDL's FCM line). */
    public static Timecode parse(String text, FrameRate rate, boolean dropFrame) {
        String s = requireText(text);
        if (s.startsWith("-")) {
            throw GatewayException.invalid("timecode '" + text + "' is negative");
        }
        String[] parts = s.split("[:;.]", -1);
        if (parts.length != 4) {
            throw GatewayException.invalid(
                    "timecode '" + text + "' is not HH:MM:SS:FF (or HH:MM:SS;FF for drop-frame)");
        }
        int[] fields = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > (i == 3 ? 3 : 2) || !p.chars().allMatch(Character::isDigit)) {
                throw GatewayException.invalid("timecode '" + text + "' has a bad field '" + p
                        + "'; expected HH:MM:SS:FF with two digits per field");
            }
            fields[i] = Integer.parseInt(p);
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

    private static String format(int h, int m, int s, int f, boolean df) {
        return String.format("%02d:%02d:%02d%s%02d", h, m, s, df ? ";" : ":", f);
    }

    private static String requireText(String text) {
        if (text == null || text.isBlank()) {
            throw GatewayException.invalid("timecode is empty; expected HH:MM:SS:FF");
        }
        return text.trim();
    }
}
