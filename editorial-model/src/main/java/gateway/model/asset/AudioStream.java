package gateway.model.asset;

/** One audio stream (track) of a media file. */
public record AudioStream(String codec, int channels, int sampleRate, int bitDepth) {

    /**
     * How its channels are laid out: "mono", "stereo", or "N discrete" (a camera's or recorder's
     * unpositioned channels). The edit proxy keeps each stream as a track of its own with this layout.
     */
    public String layout() {
        return switch (channels) {
            case 1 -> "mono";
            case 2 -> "stereo";
            default -> channels + " discrete";
        };
    }
}
