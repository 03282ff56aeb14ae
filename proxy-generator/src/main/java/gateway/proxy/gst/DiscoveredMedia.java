package gateway.proxy.gst;

import java.util.List;

/**
 * What GStreamer's discoverer reports of a file: the container caps, the duration in nanoseconds,
 * the video and audio streams (caps strings such as "video/x-prores, variant=hq, ...") and the tags
 * as GStreamer prints them.
 */
public record DiscoveredMedia(
        String containerCaps, long durationNanos, List<Video> video, List<Audio> audio, String tags) {

    public record Video(String caps, int width, int height, int rateNumerator, int rateDenominator, boolean image) {}

    public record Audio(String caps, int channels, int sampleRate, int bitDepth) {}
}
