package gateway.ingest.task;

import gateway.model.error.GatewayException;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * The sample originals the demo (and the benchmarks) generate, by name. The "-light" presets are the
 * same originals (codec, rate, start timecode, reel, audio layout) cut to their first 5 s, at 320x180
 * on a flat test pattern: seconds to make and to ingest instead of minutes, for tests that need real
 * files but not realistic encoding cost (the NLE shims' live suites, whose edits use 01:00:00:00 to
 * 01:00:04:00 of A001C003).
 */
public final class SamplePresets {
    /** name → the camera original it stands for. */
    public static final Map<String, SampleSpec> PRESETS = Map.of(
            "a001c003", SampleSpec.proresHq1080p25(),
            "b002c011", SampleSpec.h264At23976FourChannels(),
            "sr001", SampleSpec.broadcastWav(),
            "a001c003-light", light(SampleSpec.proresHq1080p25()),
            "b002c011-light", light(SampleSpec.h264At23976FourChannels()),
            "sr001-light", light(SampleSpec.broadcastWav()));

    private SamplePresets() {}

    private static SampleSpec light(SampleSpec spec) {
        SampleSpec short5s = spec.withDurationFrames(spec.durationFrames() / 2);
        return spec.container() == SampleSpec.Container.WAV
                ? short5s
                : short5s.withNoise(false).withSize(320, 180);
    }

    public static Path generate(String preset, Path out, ProgressListener progress) {
        SampleSpec spec = PRESETS.get(preset);
        if (spec == null) {
            throw GatewayException.invalid(
                    "no sample preset '" + preset + "'; known: " + new TreeSet<>(PRESETS.keySet()));
        }
        return new SampleOriginals().generate(spec, out, progress);
    }
}
