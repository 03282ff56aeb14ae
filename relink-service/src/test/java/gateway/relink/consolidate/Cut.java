package gateway.relink.consolidate;

import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.relink.link.InMemoryCatalogue;
import gateway.relink.link.LinkOptions;
import gateway.relink.link.LinkResult;
import gateway.relink.link.Linker;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.cmx.Cmx3600Reader;
import java.nio.charset.StandardCharsets;

/** A CMX 3600 list at 24 fps built event by event, record times laid end to end from 01:00:00:00. */
final class Cut {
    static final FrameRate R24 = FrameRate.FPS_24;
    static final ProjectId PROJECT = new ProjectId("feature");

    private final StringBuilder list = new StringBuilder("TITLE: consolidate\nFCM: NON-DROP FRAME\n");
    private long record = Timecode.parse("01:00:00:00", R24).toFrames();
    private int event;

    /** Adds an event playing reel {@code reel} from {@code in} to {@code out} (exclusive), 24 fps labels. */
    Cut add(String reel, String in, String out) {
        long frames =
                Timecode.parse(out, R24).toFrames() - Timecode.parse(in, R24).toFrames();
        list.append(String.format(
                "%03d  %-8s V     C        %s %s %s %s%n",
                ++event,
                reel,
                in,
                out,
                Timecode.fromFrames(record, R24, false),
                Timecode.fromFrames(record + frames, R24, false)));
        record += frames;
        return this;
    }

    static gateway.model.timeline.Timeline emptyTimeline() {
        return gateway.model.timeline.Timeline.of(
                "empty", gateway.model.time.RationalTime.zero(R24), java.util.List.of());
    }

    String text() {
        return list.toString();
    }

    LinkResult link(InMemoryCatalogue catalogue, LinkOptions options) {
        return new Linker(catalogue)
                .link(
                        PROJECT,
                        new Cmx3600Reader()
                                .read(text().getBytes(StandardCharsets.UTF_8), "cut.edl", ReadOptions.at(R24)),
                        options);
    }
}
