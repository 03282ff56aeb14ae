package gateway.relink.link;

import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.UnknownEffect;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sound event's report row says of its level: the level a master plays ("level -6 dB",
 * "level: 3 keyframes, -inf dB to 0 dB"), and each sound effect of the clip or of its whole track
 * that a master does not apply (a pan, an EQ, a level the reader could not interpret), by name, so
 * that nothing the edit asked for is dropped silently.
 */
final class SoundNote {
    private SoundNote() {}

    /** The note for {@code clip} on {@code track}; empty for a picture track or a clip at unity with nothing unapplied. */
    static String of(Clip clip, Track track) {
        if (track.kind() != TrackKind.AUDIO) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        clip.audioLevel().filter(l -> !l.isUnity()).map(AudioLevel::describe).ifPresent(parts::add);
        List<String> unapplied = new ArrayList<>();
        clip.effects().stream()
                .filter(UnknownEffect.class::isInstance)
                .map(e -> "'" + ((UnknownEffect) e).name() + "'")
                .forEach(unapplied::add);
        if (track.metadata().namespace("aaf").get("effects").orElse(null) instanceof List<?> trackWide) {
            trackWide.forEach(e -> unapplied.add("'" + e + "' (track " + track.name() + ")"));
        }
        if (!unapplied.isEmpty()) {
            parts.add("sound effect" + (unapplied.size() == 1 ? " " : "s ") + String.join(", ", unapplied)
                    + " not applied to masters");
        }
        return String.join("; ", parts);
    }

    /** {@code message} with {@code note} after it (either may be empty). */
    static String append(String message, String note) {
        if (note.isEmpty()) {
            return message;
        }
        return message == null || message.isBlank() ? note : message + "; " + note;
    }
}
