package gateway.relink;

import gateway.model.timeline.Timeline;
import gateway.relink.write.ale.AleWriter;
import gateway.relink.write.cmx.Cmx3600Writer;
import gateway.relink.write.fcp7.Fcp7XmlWriter;
import gateway.relink.write.fcpxml.FcpXmlWriter;
import gateway.relink.write.otio.OtioJsonWriter;
import java.util.Map;
import java.util.function.Consumer;

/** Renders a timeline in a target format. */
final class TimelineWriter {
    private TimelineWriter() {}

    static String render(Timeline timeline, TargetFormat format) {
        return render(timeline, Map.of(), format);
    }

    /** As {@link #render(Timeline, TargetFormat)}; OTIO writes each clip playing one of {@code nests} as a nested stack. */
    static String render(Timeline timeline, Map<String, Timeline> nests, TargetFormat format) {
        return render(timeline, nests, format, finding -> {});
    }

    /**
     * As {@link #render(Timeline, Map, TargetFormat)}; {@code findings} is told what the format
     * cannot hold as the timeline has it (a CMX list flattens a speed ramp to its average speed).
     */
    static String render(
            Timeline timeline, Map<String, Timeline> nests, TargetFormat format, Consumer<String> findings) {
        return switch (format) {
            case OTIO -> new OtioJsonWriter().write(timeline, nests);
            case EDL -> new Cmx3600Writer().write(timeline, Cmx3600Writer.Options.defaults(), findings);
            case FCP7_XML -> new Fcp7XmlWriter().write(timeline);
            case FCPXML -> new FcpXmlWriter().write(timeline);
            case ALE -> new AleWriter().write(timeline);
        };
    }
}
