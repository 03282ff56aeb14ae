package gateway.proxy.transcode;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.time.Timecode;
import gateway.proxy.check.Mismatches;
import gateway.proxy.finish.WaveTrim;
import gateway.proxy.probe.MediaProbe;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The edit rendition of a sound-only WAVE original: a Broadcast WAV the NLEs import and sync by
 * timecode, made without decoding. Every chunk of the original is copied in its order (fmt with
 * every channel, the sample rate and bit depth; bext with its TimeReference, samples since
 * midnight; iXML), the samples byte for byte ({@link WaveTrim#copyWhole}). The copy is probed and
 * compared with the original before the ladder commits it.
 */
final class SoundEdit {
    static final String MIME_TYPE = "audio/wav";

    private SoundEdit() {}

    /** True for an original that gets a sound edit rendition: no picture, a WAVE file with sound. */
    static boolean appliesTo(MediaInfo media) {
        return media.video() == null
                && MediaProbe.WAVE_CONTAINER.equals(media.container())
                && !media.audio().isEmpty();
    }

    /** The rendition's file name: the original's base name with ".wav" ("SR001.WAV" gives "SR001.wav"). */
    static String fileNameFor(Path original) {
        String name = original.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".wav";
    }

    /** Writes the rendition of {@code profile} into the run's outputs and checks it; nothing is committed here. */
    static void make(LadderProfile.Edit profile, LadderBranch.Context context, MediaProbe probe) {
        LadderOutputs.Output output =
                context.outputs().open(profile.name(), "proxy/" + fileNameFor(context.original()), MIME_TYPE);
        try {
            WaveTrim.copyWhole(context.original(), context.subject(), output.temp());
        } catch (IOException e) {
            throw GatewayException.io(
                    context.subject() + ": cannot write the sound edit rendition: " + e.getMessage(), e);
        }
        verify(context.subject(), context.probed(), probe.probe(output.temp()));
    }

    private static void verify(String subject, MediaInfo original, MediaInfo made) {
        Mismatches wrong = new Mismatches();
        wrong.compare("container", original.container(), made.container());
        wrong.compare("audio", original.audio(), made.audio());
        wrong.compare("timecode rate", original.frameRate(), made.frameRate());
        wrong.compare("frame count", original.durationFrames(), made.durationFrames());
        wrong.compare("start timecode", str(original.startTimecode()), str(made.startTimecode()));
        wrong.compare("reel", original.reel(), made.reel());
        wrong.throwIfAny(subject + ": the sound edit rendition does not match the original:");
    }

    private static String str(Timecode tc) {
        return tc == null ? "none" : tc + "@" + tc.rate();
    }
}
