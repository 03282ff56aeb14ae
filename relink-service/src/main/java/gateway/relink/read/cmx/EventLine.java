package gateway.relink.read.cmx;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields of one event line, {@code NNN REEL CHANNELS TYPE [DURATION] SRC_IN SRC_OUT REC_IN
 * REC_OUT}, as text: the reel may hold spaces; the type is {@code C}, {@code D}, {@code Wnnn},
 * {@code K}, {@code KB}, {@code KO}.
 */
record EventLine(
        int line,
        String event,
        String reel,
        String channels,
        String type,
        String duration,
        String sourceIn,
        String sourceOut,
        String recordIn,
        String recordOut) {
    /** Runs of blanks between a CMX line's fields. */
    static final Pattern BLANKS = Pattern.compile("\\s+");

    private static final Pattern EVENT_NUMBER = Pattern.compile("\\d{1,6}");
    private static final Pattern DURATION = Pattern.compile("\\d{1,4}");
    private static final Pattern WIPE = Pattern.compile("W\\d{1,4}");

    boolean isCut() {
        return type.equals("C");
    }

    boolean isTransition() {
        return !isCut();
    }

    /** Splits a line that starts with an event number; empty when it has too few fields or no times. */
    static Optional<EventLine> parse(int line, String text) {
        String[] t = BLANKS.split(text.trim());
        int n = t.length;
        if (n < 8 || !EVENT_NUMBER.matcher(t[0]).matches()) {
            return Optional.empty();
        }
        for (int i = n - 4; i < n; i++) {
            if (!CmxTime.looksLikeTime(t[i])) {
                return Optional.empty();
            }
        }
        int i = n - 5;
        String duration = null;
        String type;
        if (DURATION.matcher(t[i]).matches() && i - 1 >= 3 && isTransitionType(t[i - 1])) {
            duration = t[i];
            type = t[i - 1].toUpperCase(Locale.ROOT);
            i -= 2;
        } else if (isTransitionType(t[i]) || t[i].equalsIgnoreCase("C")) {
            type = t[i].toUpperCase(Locale.ROOT);
            i -= 1;
        } else {
            return Optional.empty();
        }
        if (i < 2) {
            return Optional.empty();
        }
        String channels = t[i];
        String reel = String.join(" ", Arrays.copyOfRange(t, 1, i));
        return Optional.of(
                new EventLine(line, t[0], reel, channels, type, duration, t[n - 4], t[n - 3], t[n - 2], t[n - 1]));
    }

    static boolean isTransitionType(String token) {
        String u = token.toUpperCase(Locale.ROOT);
        return u.equals("D") || WIPE.matcher(u).matches() || u.equals("K") || u.equals("KB") || u.equals("KO");
    }
}
