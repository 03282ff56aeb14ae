package gateway.relink;

import gateway.model.timeline.Timeline;
import gateway.relink.write.ale.AleWriter;
import gateway.relink.write.cmx.Cmx3600Writer;
import gateway.relink.write.fcp7.Fcp7XmlWriter;
import gateway.relink.write.fcpxml.FcpXmlWriter;
import gateway.relink.write.otio.OtioJsonWriter;

/** Renders a timeline in a target format. */
final class TimelineWriter {
    private TimelineWriter() {}

    static String render(Timeline timeline, TargetFormat format) {
        return switch (format) {
            case OTIO -> new OtioJsonWriter().write(timeline);
            case EDL -> new Cmx3600Writer().write(timeline, Cmx3600Writer.Options.defaults());
            case FCP7_XML -> new Fcp7XmlWriter().write(timeline);
            case FCPXML -> new FcpXmlWriter().write(timeline);
            case ALE -> new AleWriter().write(timeline);
        };
    }
}
