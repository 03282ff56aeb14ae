package gateway.relink;

import gateway.model.timeline.Timeline;
import gateway.relink.write.ale.AleWriter;
import gateway.relink.write.cmx.Cmx3600Writer;
import gateway.relink.write.fcp7.Fcp7XmlWriter;
import gateway.relink.write.fcpxml.FcpXmlWriter;
import gateway.relink.write.otio.OtioJsonWriter;
import java.util.Map;

/** Renders a timeline in a target format. */
final class TimelineWriter {
    private TimelineWriter() {}

    static String render(Timeline timeline, TargetFormat format) {
        return render(timeline, Map.of(), format);
    }

    /** As {@link #render(Timeline, TargetFormat)}; OTIO writes each clip playing one of {@code nests} as a nested stack. */
    static String render(Timeline timeline, Map<String, Timeline> nests, TargetFormat format) {
        return switch (format) {
            case OTIO -> new OtioJsonWriter().write(timeline, nests);
            case EDL -> new Cmx3600Writer().write(timeline, Cmx3600Writer.Options.defaults());
            case FCP7_XML -> new Fcp7XmlWriter().write(timeline);
            case FCPXML -> new FcpXmlWriter().write(timeline);
            case ALE -> new AleWriter().write(timeline);
        };
    }
}
