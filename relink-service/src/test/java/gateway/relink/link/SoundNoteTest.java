package gateway.relink.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.UnknownEffect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sound row names its level and every sound effect a master does not apply, clip and track alike. */
class SoundNoteTest {
    private static final Clip CLIP =
            Clip.of("a", TimeRange.of(0, 25, FrameRate.FPS_25), MissingReference.of("A001", "a", null, null));

    @Test
    void namesTheLevelAndWhatIsNotApplied() {
        Clip clip =
                CLIP.withEffects(List.of(AudioLevel.constant(-6), new UnknownEffect("Audio Pan", Metadata.empty())));
        Track track = new Track(
                "A1",
                TrackKind.AUDIO,
                List.of(clip),
                true,
                Metadata.empty().with("aaf", Map.of("effects", List.of("EQ"))));
        assertEquals(
                "level -6 dB; sound effects 'Audio Pan', 'EQ' (track A1) not applied to masters",
                SoundNote.of(clip, track));
        assertEquals("relinked; level -6 dB", SoundNote.append("relinked", "level -6 dB"));
    }

    @Test
    void saysNothingOfUnityOrOfPictures() {
        Clip unity = CLIP.withEffects(List.of(AudioLevel.constant(0)));
        assertEquals("", SoundNote.of(unity, Track.of("A1", TrackKind.AUDIO, List.of(unity))));
        Clip levelled = CLIP.withEffects(List.of(AudioLevel.constant(-6)));
        assertEquals("", SoundNote.of(levelled, Track.of("V1", TrackKind.VIDEO, List.of(levelled))));
    }
}
