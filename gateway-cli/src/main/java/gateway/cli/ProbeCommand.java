package gateway.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.probe.MediaProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code probe FILE [--json]}: what the gateway knows of one media file. The file is read on this
 * machine, by this process (never by a serving node). The JSON is a documented contract (README).
 */
@Command(
        name = "probe",
        description = {
            "What the gateway knows of one media file.",
            "",
            "Prints codec, size, exact frame rate, duration in frames, start timecode, reel,",
            "audio channels and checksums of FILE. --default-rate is the timecode rate assumed",
            "for audio-only files that do not say (default 25/1)."
        })
final class ProbeCommand extends CliCommand {
    @Parameters(paramLabel = "FILE", description = "the media file (read here, by this process)")
    Path file;

    @Option(names = "--json", description = "the documented JSON contract instead of text")
    boolean json;

    @Option(
            names = "--default-rate",
            paramLabel = "RATE",
            converter = Converters.Rate.class,
            description = "timecode rate of audio-only files that do not say (default: 25/1)")
    FrameRate defaultRate = FrameRate.parse("25/1");

    @Override
    int run() {
        if (!Files.isRegularFile(file)) {
            throw GatewayException.notFound("probe: no such file: " + file);
        }
        MediaInfo info = new MediaProbe(defaultRate, MediaProbe.DEFAULT_DISCOVERY_TIMEOUT).probe(file);
        Checksums sums = FileChecksums.compute(file);
        if (json) {
            out.println(PrettyJson.of(toJson(info, sums)));
        } else {
            out.println(file + ": " + info.container() + ", " + info.frameRate().toDecimalString() + " fps ("
                    + info.frameRate() + "), " + info.durationFrames() + " frames");
            out.println("  start timecode " + (info.startTimecode() == null ? "none" : info.startTimecode()) + ", reel "
                    + (info.reel() == null ? "none" : info.reel())
                    + (info.clipName() == null ? "" : ", clip " + info.clipName()));
            if (info.video() != null) {
                out.println("  video " + info.video().codec() + " "
                        + info.video().width() + "x" + info.video().height());
            }
            for (AudioStream s : info.audio()) {
                out.println("  audio " + s.codec() + " " + s.layout() + " " + s.sampleRate() + " Hz " + s.bitDepth()
                        + "-bit");
            }
            info.warnings().forEach(w -> out.println("  warning: " + w));
            out.println("  xxh64 " + sums.xxh64() + "  md5 " + sums.md5());
        }
        return 0;
    }

    static ObjectNode toJson(MediaInfo info, Checksums sums) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("path", info.path());
        o.put("container", info.container());
        o.put("frame_rate", info.frameRate().toString());
        o.put("duration_frames", info.durationFrames());
        if (info.startTimecode() == null) {
            o.putNull("start_timecode");
        } else {
            o.put("start_timecode", info.startTimecode().toString());
        }
        o.put("drop_frame", info.dropFrame());
        if (info.reel() == null) {
            o.putNull("reel");
        } else {
            o.put("reel", info.reel());
        }
        if (info.clipName() == null) {
            o.putNull("clip_name");
        } else {
            o.put("clip_name", info.clipName());
        }
        if (info.video() == null) {
            o.putNull("video");
        } else {
            o.putObject("video")
                    .put("codec", info.video().codec())
                    .put("width", info.video().width())
                    .put("height", info.video().height());
        }
        ArrayNode audio = o.putArray("audio");
        for (AudioStream s : info.audio()) {
            audio.addObject()
                    .put("codec", s.codec())
                    .put("channels", s.channels())
                    .put("layout", s.layout())
                    .put("sample_rate", s.sampleRate())
                    .put("bit_depth", s.bitDepth());
        }
        o.put("variable_frame_rate", info.variableFrameRate());
        if (info.camera() != null) {
            o.putObject("camera")
                    .put("make", info.camera().make())
                    .put("model", info.camera().model())
                    .put("serial", info.camera().serial());
        }
        ArrayNode warnings = o.putArray("warnings");
        info.warnings().forEach(warnings::add);
        o.putObject("checksums").put("xxh64", sums.xxh64()).put("md5", sums.md5());
        return o;
    }
}
