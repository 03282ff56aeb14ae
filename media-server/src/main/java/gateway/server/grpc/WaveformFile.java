package gateway.server.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.stream.v1.ChannelPeaks;
import gateway.protos.stream.v1.Waveform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An asset's {@code waveform.json} ({@code {"sample_rate","samples_per_peak","channels":[[[min,max],…],…]}},
 * values in [-1, 1]) as the proto's signed 16-bit peaks.
 */
final class WaveformFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WaveformFile() {}

    static Waveform read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw GatewayException.io("cannot read the waveform " + file + ": " + e.getMessage(), e);
        }
        JsonNode channels = root.path("channels");
        if (!root.path("sample_rate").canConvertToInt()
                || !root.path("samples_per_peak").canConvertToInt()
                || !channels.isArray()) {
            throw new GatewayException(
                    Reason.CORRUPT, "waveform " + file + " lacks sample_rate, samples_per_peak or channels");
        }
        Waveform.Builder w = Waveform.newBuilder()
                .setSampleRateHz(root.path("sample_rate").asInt())
                .setSamplesPerPeak(root.path("samples_per_peak").asInt());
        for (int c = 0; c < channels.size(); c++) {
            ChannelPeaks.Builder peaks = ChannelPeaks.newBuilder().setChannelIndex(c);
            for (JsonNode pair : channels.get(c)) {
                if (!pair.isArray() || pair.size() != 2) {
                    throw new GatewayException(
                            Reason.CORRUPT,
                            "waveform " + file + ": channel " + c + " holds " + pair + ", not [min,max]");
                }
                peaks.addMinS16(s16(pair.get(0).asDouble()));
                peaks.addMaxS16(s16(pair.get(1).asDouble()));
            }
            w.addChannels(peaks);
        }
        return w.build();
    }

    /** A sample in [-1, 1] as a signed 16-bit value: -1 is -32768, 1 is 32767. */
    static int s16(double v) {
        double clamped = Math.max(-1.0, Math.min(1.0, v));
        return (int) Math.round(clamped < 0 ? clamped * 32768 : clamped * 32767);
    }
}
