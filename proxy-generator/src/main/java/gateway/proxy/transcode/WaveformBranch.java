package gateway.proxy.transcode;

import gateway.model.asset.AudioStream;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * {@code waveform.json}: {"sample_rate", "samples_per_peak", "peaks_per_second", "channels":
 * [[[min, max] ...] ...]}, one list per channel of every audio stream in stream order, values in
 * [-1, 1]. Computed in Java from 32-bit float samples pulled from an appsink per stream, all
 * resampled to the first stream's rate.
 */
final class WaveformBranch implements LadderBranch {
    private final LadderProfile.Waveform profile;
    private final Context context;
    private final int sampleRate;
    private final int samplesPerPeak;
    private final Map<Integer, Peaks> streams = new TreeMap<>();

    WaveformBranch(LadderProfile.Waveform profile, Context context) {
        this.profile = profile;
        this.context = context;
        int rate = context.probed().audio().stream()
                .mapToInt(AudioStream::sampleRate)
                .findFirst()
                .orElse(0);
        this.sampleRate = rate > 0 ? rate : 48_000;
        this.samplesPerPeak = Math.max(1, Math.round((float) sampleRate / profile.peaksPerSecond()));
    }

    int sampleRate() {
        return sampleRate;
    }

    @Override
    public LadderProfile profile() {
        return profile;
    }

    @Override
    public AudioChain audioChain(int index, int channels) {
        String sink = prefix() + index;
        String d = "audioconvert ! audioresample ! audio/x-raw,format=F32LE,layout=interleaved,rate=" + sampleRate
                + " ! appsink name=" + sink + " sync=false async=false emit-signals=true";
        Peaks peaks = new Peaks(channels, samplesPerPeak);
        synchronized (streams) {
            streams.put(index, peaks);
        }
        return new AudioChain(d, null, bin -> ((AppSink) bin.getElementByName(sink))
                .connect((AppSink.NEW_SAMPLE) s -> pull(s, peaks)));
    }

    private FlowReturn pull(AppSink sink, Peaks peaks) {
        Sample sample = sink.pullSample();
        try {
            Buffer buffer = sample.getBuffer();
            ByteBuffer bytes = buffer.map(false);
            long before = peaks.samples();
            try {
                synchronized (peaks) {
                    peaks.add(bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
                }
            } finally {
                buffer.unmap();
            }
            if (context.audioProgress() != null) {
                context.audioProgress().accept(peaks.samples() - before);
            }
            return FlowReturn.OK;
        } catch (RuntimeException e) {
            context.failure().record(context.subject(), e);
            return FlowReturn.ERROR;
        } finally {
            sample.dispose();
        }
    }

    @Override
    public void finish() {
        synchronized (streams) {
            if (streams.isEmpty() || streams.values().stream().allMatch(p -> p.samples() == 0)) {
                throw new GatewayException(Reason.CORRUPT, context.subject() + ": no audio decoded for the waveform");
            }
            context.outputs()
                    .open(profile.name(), "waveform.json", LadderResult.JSON_MIME_TYPE)
                    .write(json());
        }
    }

    private String json() {
        StringBuilder j = new StringBuilder("{\"sample_rate\":")
                .append(sampleRate)
                .append(",\"samples_per_peak\":")
                .append(samplesPerPeak)
                .append(",\"peaks_per_second\":")
                .append(profile.peaksPerSecond())
                .append(",\"channels\":[");
        String sep = "";
        for (Peaks p : streams.values()) {
            for (int c = 0; c < p.channels(); c++) {
                float[] v = p.of(c);
                j.append(sep).append('[');
                for (int i = 0; i < v.length; i += 2) {
                    j.append(i == 0 ? "[" : ",[");
                    append(j, v[i]).append(',');
                    append(j, v[i + 1]).append(']');
                }
                j.append(']');
                sep = ",";
            }
        }
        return j.append("]}\n").toString();
    }

    /** A value to four decimals, written plainly ("-0.5", "0", "0.0123"). */
    private static StringBuilder append(StringBuilder j, float v) {
        long q = Math.round(v * 10_000.0);
        if (q < 0) {
            j.append('-');
            q = -q;
        }
        j.append(q / 10_000);
        long frac = q % 10_000;
        if (frac != 0) {
            String digits = String.valueOf(10_000 + frac).substring(1).replaceAll("0+$", "");
            j.append('.').append(digits);
        }
        return j;
    }
}
