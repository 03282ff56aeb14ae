package gateway.client;

import java.util.List;

/**
 * The min/max peaks of an asset's audio.
 *
 * @param samplesPerPeak how many samples each peak pair summarises
 * @param sampleRateHz the audio's sample rate, to place peaks in time
 * @param channels one entry per channel, in stream then channel order
 */
public record WaveformPeaks(int samplesPerPeak, int sampleRateHz, List<Channel> channels) {

    /** The peaks of one channel as signed 16-bit values; {@code min} and {@code max} have the same length. */
    public record Channel(int index, int[] min, int[] max) {
        public int peaks() {
            return min.length;
        }
    }

    public WaveformPeaks {
        channels = List.copyOf(channels);
    }

    static WaveformPeaks of(gateway.protos.stream.v1.Waveform w) {
        return new WaveformPeaks(
                w.getSamplesPerPeak(),
                w.getSampleRateHz(),
                w.getChannelsList().stream()
                        .map(c -> new Channel(
                                c.getChannelIndex(),
                                c.getMinS16List().stream()
                                        .mapToInt(Integer::intValue)
                                        .toArray(),
                                c.getMaxS16List().stream()
                                        .mapToInt(Integer::intValue)
                                        .toArray()))
                        .toList());
    }
}
