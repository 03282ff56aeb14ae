package gateway.relink.read.cmx;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a CMX 3600 list into a title and event blocks: event lines, two-line transitions, notes
 * ({@code * FROM CLIP NAME:} ...), {@code M2}, {@code AUD}, {@code FCM:} changes. Malformed event
 * lines become problems; times are read later by {@link CmxTimelineBuilder}.
 */
final class CmxListParser {
    private static final Pattern EVENT_START = Pattern.compile("^\\s*\\d{1,6}\\s+\\S.*");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern KEYED = Pattern.compile(
            "^(FROM CLIP NAME|TO CLIP NAME|FROM CLIP|TO CLIP|FROM FILE|TO FILE|SOURCE FILE|LOC|ASC_SOP|ASC_SAT"
                    + "|EFFECTS NAME IS)\\s*:?\\s*(.*)$",
            Pattern.CASE_INSENSITIVE);

    /** A line starting with an event number that could not be read. */
    record BrokenLine(int line, String event, String text, boolean last) {}

    private final Findings findings;
    private final List<EventBlock> blocks = new ArrayList<>();
    private final List<BrokenLine> broken = new ArrayList<>();
    private String title = "";
    private boolean dropFrame;
    private boolean fcmSeen;
    private EventBlock current;

    CmxListParser(Findings findings) {
        this.findings = findings;
    }

    String title() {
        return title;
    }

    List<EventBlock> blocks() {
        return blocks;
    }

    List<BrokenLine> broken() {
        return broken;
    }

    boolean fcmSeen() {
        return fcmSeen;
    }

    void parse(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        int lastContent = lines.length;
        while (lastContent > 0 && lines[lastContent - 1].isBlank()) {
            lastContent--;
        }
        for (int i = 0; i < lastContent; i++) {
            String raw = lines[i];
            String s = raw.strip();
            if (s.isEmpty()) {
                continue;
            }
            line(i + 1, s, i + 1 == lastContent);
        }
        finishBlock();
    }

    private void line(int n, String s, boolean last) {
        String upper = s.toUpperCase(Locale.ROOT);
        if (upper.startsWith("TITLE:")) {
            title = s.substring(6).strip();
        } else if (upper.startsWith("FCM:")) {
            fcmSeen = true;
            String mode = upper.substring(4).strip();
            dropFrame = mode.startsWith("DROP");
            if (!mode.startsWith("DROP") && !mode.startsWith("NON")) {
                findings.warning(n, null, "unknown frame code mode '" + s + "'; reading non-drop");
            }
        } else if (EVENT_START.matcher(s).matches()) {
            eventLine(n, s, last);
        } else if (upper.startsWith("M2 ") || upper.startsWith("M2\t")) {
            speedLine(n, s);
        } else if (upper.startsWith("AUD")) {
            audioLine(n, s);
        } else if (s.startsWith("*")) {
            note(n, s.substring(1).strip());
        } else if (KEYED.matcher(s).matches()) {
            note(n, s);
        } else if (upper.startsWith("SPLIT:")) {
            findings.warning(n, eventNumber(), "split edit '" + s + "' is kept as a comment only");
            if (current != null) {
                current.comments.add(s);
            }
        } else {
            findings.warning(n, eventNumber(), "unrecognised line '" + s + "' ignored");
        }
    }

    private void eventLine(int n, String s, boolean last) {
        Optional<EventLine> parsed = EventLine.parse(n, s);
        String number = EventLine.BLANKS.split(s.strip(), 2)[0];
        if (parsed.isEmpty()) {
            finishBlock();
            broken.add(new BrokenLine(n, number, s, last));
            return;
        }
        EventLine e = parsed.get();
        if (e.isTransition() && current != null && current.transition == null && current.isZeroLengthCut()) {
            current.transition = e;
            current.transitionDropFrame = dropFrame;
            return;
        }
        finishBlock();
        current = new EventBlock(e, dropFrame);
    }

    private void finishBlock() {
        if (current != null) {
            blocks.add(current);
            current = null;
        }
    }

    private String eventNumber() {
        return current == null ? null : current.main().event();
    }

    private void speedLine(int n, String s) {
        String[] t = EventLine.BLANKS.split(s);
        if (current == null || t.length < 4 || !NUMBER.matcher(t[t.length - 2]).matches()) {
            findings.inconsistency(n, eventNumber(), "M2 line '" + s + "' is not 'M2 REEL SPEED ENTRY' after an event");
            return;
        }
        String reel = String.join(" ", java.util.Arrays.copyOfRange(t, 1, t.length - 2));
        current.speeds.add(new EventBlock.Speed(n, reel, new BigDecimal(t[t.length - 2]), t[t.length - 1]));
    }

    private void audioLine(int n, String s) {
        if (current == null) {
            findings.warning(n, null, "AUD line '" + s + "' before any event ignored");
            return;
        }
        for (String token : s.substring(3).strip().split("[\\s,]+")) {
            String ch = token.toUpperCase(Locale.ROOT).replaceFirst("^A", "");
            if (ch.matches("[1-9][0-9]?")) {
                current.extraAudio.add(Integer.parseInt(ch));
            } else if (!token.isBlank()) {
                findings.warning(n, eventNumber(), "AUD channel '" + token + "' is not a channel number");
            }
        }
    }

    private void note(int n, String text) {
        if (current == null) {
            findings.warning(n, null, "note '" + text + "' before the first event ignored");
            return;
        }
        Matcher m = KEYED.matcher(text);
        if (!m.matches()) {
            current.comments.add(text);
            return;
        }
        String key = m.group(1).toUpperCase(Locale.ROOT);
        String value = m.group(2).strip();
        switch (key) {
            case "FROM CLIP NAME" -> current.fromClipName = value;
            case "TO CLIP NAME" -> current.toClipName = value;
            case "FROM CLIP", "FROM FILE" -> current.fromPath = value;
            case "TO CLIP", "TO FILE" -> current.toPath = value;
            case "SOURCE FILE" -> current.sourceFile = value;
            case "EFFECTS NAME IS" -> current.effectsName = value;
            case "LOC" -> locator(n, value);
            case "ASC_SOP" -> ascSop(n, value);
            case "ASC_SAT" -> ascSat(n, value);
            default -> current.comments.add(text);
        }
    }

    private void locator(int n, String value) {
        String[] t = value.split("\\s+", 3);
        if (t.length == 0 || !CmxTime.isTimecode(t[0])) {
            findings.warning(n, eventNumber(), "LOC note '" + value + "' has no timecode; kept as a comment");
            current.comments.add("LOC: " + value);
            return;
        }
        String color = null;
        String name;
        if (t.length >= 2 && gateway.model.timeline.MarkerColor.find(t[1]).isPresent()) {
            color = t[1];
            name = t.length == 3 ? t[2].strip() : "";
        } else {
            name = value.substring(t[0].length()).strip();
        }
        current.locators.add(new EventBlock.Locator(n, t[0], color, name));
    }

    private void ascSop(int n, String value) {
        List<BigDecimal> numbers = numbers(value);
        if (numbers.size() != 9) {
            findings.warning(n, eventNumber(), "ASC_SOP '" + value + "' does not hold 9 numbers; kept as a comment");
            current.comments.add("ASC_SOP " + value);
            return;
        }
        current.ascSop = numbers;
    }

    private void ascSat(int n, String value) {
        List<BigDecimal> numbers = numbers(value);
        if (numbers.size() != 1) {
            findings.warning(n, eventNumber(), "ASC_SAT '" + value + "' is not one number; kept as a comment");
            current.comments.add("ASC_SAT " + value);
            return;
        }
        current.ascSat = numbers.get(0);
    }

    private static List<BigDecimal> numbers(String text) {
        List<BigDecimal> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            out.add(new BigDecimal(m.group()));
        }
        return out;
    }
}
