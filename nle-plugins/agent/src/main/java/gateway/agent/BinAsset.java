package gateway.agent;

import gateway.model.asset.AudioStream;
import gateway.model.asset.Manifest;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.nio.file.Path;

/**
 * One asset of an exported bin (FCPXML event, ALE): the facts an NLE links by, from the manifest,
 * and the stable path of its edit proxy (the same whether cached yet or not).
 *
 * @param start the original's start timecode; 00:00:00:00 when it has none
 * @param video whether the original has a picture (a Broadcast WAV has none; its rate is its timecode's)
 * @param audioSources audio streams; {@code audioChannels} their channels in all
 */
record BinAsset(
        String assetId,
        String name,
        String reel,
        String originalPath,
        Path proxy,
        Timecode start,
        FrameRate rate,
        boolean video,
        long durationFrames,
        int audioSources,
        int audioChannels,
        int audioRate) {

    static BinAsset of(Manifest m, Path proxy) {
        var media = m.media();
        Timecode start = media.startTimecode() != null
                ? media.startTimecode()
                : Timecode.fromFrames(0, media.frameRate(), false);
        int channels = media.audio().stream().mapToInt(AudioStream::channels).sum();
        int rate = media.audio().isEmpty() ? 0 : media.audio().get(0).sampleRate();
        return new BinAsset(
                m.assetId().value(),
                m.name(),
                media.reel() == null || media.reel().isBlank() ? null : media.reel(),
                m.originalPath() == null || m.originalPath().isBlank() ? null : m.originalPath(),
                proxy,
                start,
                media.frameRate(),
                media.video() != null,
                media.durationFrames(),
                media.audio().size(),
                channels,
                rate);
    }

    boolean hasVideo() {
        return video;
    }

    /** The original's file name, else the asset's name. */
    String fileName() {
        if (originalPath == null) {
            return name;
        }
        String p = originalPath.replace('\\', '/');
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
