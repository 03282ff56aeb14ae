package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The waveform of interleaved float samples: for each channel, the minimum and maximum of every
 * {@code samplesPerPeak} samples (the last peak may cover fewer). Not thread-safe.
 */
final class Peaks {
    private final int channels;
    private final int samplesPerPeak;
    private final float[] min;
    private final float[] max;
    private float[][] peaks; // per channel: min, max, min, max ...
    private int peakCount;
    private int inPeak;
    private long samples;

    Peaks(int channels, int samplesPerPeak) {
        if (channels <= 0 || samplesPerPeak <= 0) {
            throw GatewayException.invalid(
                    "peaks of " + channels + " channels every " + samplesPerPeak + " samples: both must be positive");
        }
        this.channels = channels;
        this.samplesPerPeak = samplesPerPeak;
        this.min = new float[channels];
        this.max = new float[channels];
        this.peaks = new float[channels][256];
        reset();
    }

    int channels() {
        return channels;
    }

    /** Samples per channel seen so far. */
    long samples() {
        return samples;
    }

    /** Adds whole interleaved frames (one sample per channel) from {@code interleaved}. */
    void add(FloatBuffer interleaved) {
        while (interleaved.remaining() >= channels) {
            for (int c = 0; c < channels; c++) {
                float v = interleaved.get();
                if (v < min[c]) {
                    min[c] = v;
                }
                if (v > max[c]) {
                    max[c] = v;
                }
            }
            samples++;
            if (++inPeak == samplesPerPeak) {
                close();
            }
        }
    }

    /** The peaks of {@code channel}: [min0, max0, min1, max1 ...], including a last partial one. */
    float[] of(int channel) {
        int n = peakCount;
        float[] out = Arrays.copyOf(peaks[channel], (n + (inPeak > 0 ? 1 : 0)) * 2);
        if (inPeak > 0) {
            out[n * 2] = min[channel];
            out[n * 2 + 1] = max[channel];
        }
        return out;
    }

    private void close() {
        if ((peakCount + 1) * 2 > peaks[0].length) {
            for (int c = 0; c < channels; c++) {
                peaks[c] = Arrays.copyOf(peaks[c], peaks[c].length * 2);
            }
        }
        for (int c = 0; c < channels; c++) {
            peaks[c][peakCount * 2] = min[c];
            peaks[c][peakCount * 2 + 1] = max[c];
        }
        peakCount++;
        reset();
    }

    private void reset() {
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        inPeak = 0;
    }
}
