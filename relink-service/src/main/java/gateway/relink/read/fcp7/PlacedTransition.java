package gateway.relink.read.fcp7;

import gateway.model.time.FrameRate;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.relink.read.Edit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code transitionitem} and where it sits on its track: {@code start} and {@code end} are record
 * frames at the track's rate, {@code cut} the frame where the incoming item takes over. The
 * alignment says where the cut is: at the end for {@code end} / {@code end-black}, at the start for
 * {@code start} / {@code start-black}, else in the middle (rounded down, as FCP does). A clip item
 * whose {@code start} or {@code end} is -1 meets the transition at its cut.
 */
record PlacedTransition(Transition transition, long start, long end, long cut) {

    /** In offset: how far the transition reaches back from the cut into the outgoing item. */
    long inOffset() {
        return cut - start;
    }

    static Optional<PlacedTransition> read(XmlNode item, FrameRate trackRate, Findings findings) {
        long start = FrameCount.required(item, "start", findings);
        long end = FrameCount.required(item, "end", findings);
        if (start < 0 || end < start) {
            findings.inconsistency(
                    item.label(), "transition from " + start + " to " + end + " is not a range; ignored");
            return Optional.empty();
        }
        String alignment = item.text("alignment").orElse("center").toLowerCase(Locale.ROOT);
        long cut =
                switch (alignment) {
                    case "end", "end-black" -> end;
                    case "start", "start-black" -> start;
                    default -> Math.floorDiv(start + end, 2);
                };
        XmlNode effect = item.child("effect").orElse(item);
        String name = effect.text("name").orElse(effect.text("effectid").orElse("Transition"));
        TransitionKind kind = kind(effect, name);
        Map<String, Object> fcp = new LinkedHashMap<>();
        if (item.id() != null) {
            fcp.put("id", item.id());
        }
        fcp.put("start", start);
        fcp.put("end", end);
        fcp.put("alignment", alignment);
        item.child("effect").ifPresent(e -> fcp.put("effect", XmlJson.of(e, Set.of())));
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("event", item.label());
        Transition t = new Transition(
                name,
                kind,
                kind == TransitionKind.DISSOLVE ? null : name,
                cut - start,
                end - cut,
                trackRate,
                Metadata.empty().with(Edit.NAMESPACE, edit).with(FilterReader.NAMESPACE, fcp));
        return Optional.of(new PlacedTransition(t, start, end, cut));
    }

    private static TransitionKind kind(XmlNode effect, String name) {
        String category = effect.text("effectcategory").orElse("").toLowerCase(Locale.ROOT);
        String id = effect.text("effectid").orElse("").toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        if (category.contains("dissolve") || id.contains("dissolve") || n.contains("dissolve")) {
            return TransitionKind.DISSOLVE;
        }
        boolean wipeCode = effect.text("wipecode").map(c -> !c.equals("0")).orElse(false);
        if (category.contains("wipe") || id.contains("wipe") || n.contains("wipe") || wipeCode) {
            return TransitionKind.WIPE;
        }
        return TransitionKind.OTHER;
    }
}
