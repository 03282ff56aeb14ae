package gateway.model.asset;

/** One audio stream of a media file. */
public record AudioStream(String codec, int channels, int sampleRate, int bitDepth) {}
