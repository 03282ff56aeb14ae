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
 * same originals (codec, rate, duration, timecode, reel, audio) at 640x360 on a flat test pattern:
 * seconds to make and to ingest instead of minutes, for tests that need real files but not
 * realistic encoding cost (the NLE shims' live suites).
 */
public final class SamplePresets {
    /** name → the camera original it stands for. */
    public static final Map<String, SampleSpec> PRESETS = Map.of(
            "a001c003", SampleSpec.proresHq1080p25(),
            "b002c011", SampleSpec.h264At23976FourChannels(),
            "sr001", SampleSpec.broadcastWav(),
            "a001c003-light", light(SampleSpec.proresHq1080p25()),
            "b002c011-light", light(SampleSpec.h264At23976FourChannels()),
            "sr001-light", SampleSpec.broadcastWav());

    private SamplePresets() {}

    private static SampleSpec light(SampleSpec spec) {
        return spec.withNoise(false).withSize(640, 360);
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
