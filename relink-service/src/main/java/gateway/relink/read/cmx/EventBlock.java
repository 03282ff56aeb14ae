package gateway.relink.read.cmx;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The lines of one event as read: its event line(s) and the notes that follow them. */
final class EventBlock {
    /** A {@code * LOC:} note. */
    record Locator(int line, String timecode, String color, String name) {}

    /** An {@code M2} line: {@code speed} in frames per second, {@code entry} the source entry timecode. */
    record Speed(int line, String reel, BigDecimal speed, String entry) {}

    final EventLine first;
    final boolean firstDropFrame;
    EventLine transition;
    boolean transitionDropFrame;
    String fromClipName;
    String toClipName;
    String sourceFile;
    String fromPath;
    String toPath;
    String effectsName;
    List<BigDecimal> ascSop;
    BigDecimal ascSat;
    final List<String> comments = new ArrayList<>();
    final List<Locator> locators = new ArrayList<>();
    final List<Speed> speeds = new ArrayList<>();
    final SortedSet<Integer> extraAudio = new TreeSet<>();

    EventBlock(EventLine first, boolean dropFrame) {
        this.first = first;
        this.firstDropFrame = dropFrame;
    }

    /** The line that says where the event plays: the transition line of a two-line event, else the first. */
    EventLine main() {
        return transition != null ? transition : first;
    }

    boolean mainDropFrame() {
        return transition != null ? transitionDropFrame : firstDropFrame;
    }

    /** A zero-length cut: the "from" line of a transition that may follow. */
    boolean isZeroLengthCut() {
        return transition == null
                && first.isCut()
                && first.sourceIn().equals(first.sourceOut())
                && first.recordIn().equals(first.recordOut());
    }
}
