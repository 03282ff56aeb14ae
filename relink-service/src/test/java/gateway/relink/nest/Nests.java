package gateway.relink.nest;

import gateway.model.timeline.Clip;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.relink.TrackText;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.fcp7.Fcp7XmlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** xmeml with nested sequences, written in a few lines, and tracks as text for comparing. */
final class Nests {
    private Nests() {}

    static final String R24 = "<rate><timebase>24</timebase><ntsc>FALSE</ntsc></rate>";

    /** A file element with a timecode starting at {@code tcFrame} (at 24). */
    static String file(String id, String name, long tcFrame) {
        return "<file id=\"" + id + "\"><name>" + name + ".mov</name><pathurl>file://localhost/media/" + name
                + ".mov</pathurl>" + R24 + "<duration>100000</duration><timecode>" + R24 + "<frame>" + tcFrame
                + "</frame><displayformat>NDF</displayformat><reel><name>" + name + "</name></reel></timecode>"
                + "<media><video/><audio/></media></file>";
    }

    /** A clip item from record {@code start} to {@code end} playing {@code in}..{@code out} of {@code what}. */
    static String item(String id, String name, long start, long end, long in, long out, String what) {
        return item(id, name, start, end, in, out, what, "");
    }

    static String item(String id, String name, long start, long end, long in, long out, String what, String extra) {
        return "<clipitem id=\"" + id + "\"><name>" + name + "</name>" + "<start>" + start + "</start><end>" + end
                + "</end><in>" + in + "</in><out>" + out + "</out>" + what + extra + "</clipitem>";
    }

    /** A sequence at {@code rate} starting at timecode frame {@code tcFrame}, with video and audio tracks. */
    static String sequence(String id, String name, String rate, long tcFrame, List<String> video, List<String> audio) {
        StringBuilder s = new StringBuilder("<sequence id=\"" + id + "\"><name>" + name + "</name>" + rate
                + "<timecode>" + rate + "<frame>" + tcFrame + "</frame><displayformat>NDF</displayformat></timecode>"
                + "<media><video>");
        video.forEach(t -> s.append("<track>").append(t).append("</track>"));
        s.append("</video><audio>");
        audio.forEach(t -> s.append("<track>").append(t).append("</track>"));
        return s.append("</audio></media></sequence>").toString();
    }

    /** A reference to a sequence defined elsewhere in the file. */
    static String ref(String id) {
        return "<sequence id=\"" + id + "\"/>";
    }

    static String xml(String... topLevel) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xmeml version=\"5\">" + String.join("", topLevel)
                + "</xmeml>";
    }

    static Edit read(String... topLevel) {
        return new Fcp7XmlReader()
                .read(xml(topLevel).getBytes(StandardCharsets.UTF_8), "nests.xml", ReadOptions.defaults());
    }

    /** {@code "NAME @start+frames src S"} per clip (track frames, source start; " off" if disabled), "gap N", "transition in/out". */
    static List<String> text(Track track) {
        return TrackText.of(track);
    }

    static List<String> trackNames(Timeline t) {
        return t.tracks().tracks().stream().map(Track::name).toList();
    }

    static String event(Clip c) {
        return c.metadata().namespace(Edit.NAMESPACE).string("event").orElseThrow();
    }
}
