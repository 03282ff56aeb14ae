package gateway.ingest.task;

import gateway.model.error.GatewayException;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.nio.file.Path;
import java.util.Map;

/** The sample originals the demo (and the benchmarks) generate, by name. */
public final class SamplePresets {
    /** name → the camera original it stands for. */
    public static final Map<String, SampleSpec> PRESETS = Map.of(
            "a001c003", SampleSpec.proresHq1080p25(),
            "b002c011", SampleSpec.h264At23976FourChannels(),
            "sr001", SampleSpec.broadcastWav());

    private SamplePresets() {}

    public static Path generate(String preset, Path out, ProgressListener progress) {
        SampleSpec spec = PRESETS.get(preset);
        if (spec == null) {
            throw GatewayException.invalid("no sample preset '" + preset + "'; known: " + PRESETS.keySet());
        }
        return new SampleOriginals().generate(spec, out, progress);
    }
}
