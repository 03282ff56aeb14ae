package gateway.relink.write.fcp7;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.ImageSequenceReference;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.Edit;
import gateway.relink.write.xml.FileUrl;
import gateway.relink.write.xml.XmlElement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code file}s of an xmeml document, one per piece of media (by path, else file name, else
 * reel, else clip name, and rate), each with an id that clip items refer to. A file's timecode is
 * where its media starts: the reference's available range when it is known and holds every frame
 * the clips use (handles under transitions included), else the first frame any clip uses; so every
 * clip's {@code in} is at or after 0.
 */
final class MediaFiles {
    /** One file: what it is called, where it is, its rate, the frames it covers and where it is used. */
    static final class Entry {
        final String id;
        final String name;
        final String path;
        final String reel;
        final FrameRate rate;
        final boolean dropFrame;
        final TimeRange available;
        long first = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        boolean video;
        boolean audio;
        boolean written;

        Entry(
                String id,
                String name,
                String path,
                String reel,
                FrameRate rate,
                boolean dropFrame,
                TimeRange available) {
            this.id = id;
            this.name = name;
            this.path = path;
            this.reel = reel;
            this.rate = rate;
            this.dropFrame = dropFrame;
            this.available = available;
        }

        /** The frame (since midnight, at the file's rate) the file's timecode labels its first frame with. */
        long origin() {
            if (available != null && available.start().value() <= first) {
                return available.start().value();
            }
            return Math.max(0, first);
        }

        long duration() {
            long last = available != null && available.start().value() <= first
                    ? Math.max(end, available.endExclusive().value())
                    : end;
            return Math.max(0, last - origin());
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Records that {@code clip} uses media frames [first, end) of its file; empty for a generator. */
    Entry use(Clip clip, TrackKind kind, long first, long end) {
        MediaReference ref = clip.activeReference();
        if (ref instanceof GeneratorReference) {
            return null;
        }
        FrameRate rate = clip.sourceRange().rate();
        String path = null;
        String name = null;
        String reel = clip.metadata().namespace("cmx_3600").string("reel").orElse(null);
        TimeRange available = null;
        switch (ref) {
            case ExternalReference e -> {
                path = e.target();
                name = e.fileName();
                available = e.available();
            }
            case MissingReference m -> {
                path = m.path();
                name = m.sourceFile() != null ? m.sourceFile() : m.clipName();
                reel = m.reel() != null ? m.reel() : reel;
                available = knownStart(m.metadata(), rate);
            }
            case ImageSequenceReference s -> {
                path = s.targetFor(s.startFrame());
                name = s.namePrefix() + s.nameSuffix();
                available = s.available();
            }
            case GeneratorReference g -> throw new IllegalStateException("generator " + g.kind());
        }
        if (name == null || name.isBlank()) {
            name = clip.name();
        }
        if (available != null && !available.rate().equals(rate)) {
            available = null;
        }
        String key = (path != null ? "path:" + path : name != null && !name.isBlank() ? "name:" + name : "reel:" + reel)
                + "@" + rate;
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry("file-" + (entries.size() + 1), name, path, reel, rate, dropFrame(clip, rate), available);
            entries.put(key, e);
        }
        e.first = Math.min(e.first, first);
        e.end = Math.max(e.end, end);
        if (kind == TrackKind.VIDEO) {
            e.video = true;
        } else {
            e.audio = true;
        }
        return e;
    }

    /** The file's full element the first time it is written, a reference by id after that. */
    XmlElement element(Entry e) {
        XmlElement file = new XmlElement("file").attr("id", e.id);
        if (e.written) {
            return file;
        }
        e.written = true;
        file.leaf("name", e.name);
        if (e.path != null) {
            file.leaf("pathurl", FileUrl.xmeml(e.path));
        }
        Fcp7XmlWriter.rate(file, e.rate);
        file.leaf("duration", e.duration());
        XmlElement tc = file.child("timecode");
        Fcp7XmlWriter.rate(tc, e.rate);
        tc.leaf("string", Timecode.fromFrames(e.origin(), e.rate, e.dropFrame).toString());
        tc.leaf("frame", e.origin());
        tc.leaf("displayformat", e.dropFrame ? "DF" : "NDF");
        if (e.reel != null && !e.reel.isBlank()) {
            tc.child("reel").leaf("name", e.reel);
        }
        XmlElement media = file.child("media");
        if (e.video) {
            media.child("video").leaf("duration", e.duration());
        }
        if (e.audio) {
            XmlElement audio = media.child("audio");
            audio.leaf("channelcount", 1);
        }
        return file;
    }

    /** The media start an FCP 7 reading kept ({@code fcp7_xml.timecode_frame}), when at the clip's rate. */
    private static TimeRange knownStart(Metadata md, FrameRate rate) {
        Metadata fcp = md.namespace("fcp7_xml");
        if (fcp.get("timecode_frame").orElse(null) instanceof Long frame
                && rate.toString().equals(fcp.string("timecode_rate").orElse(""))) {
            return TimeRange.of(frame, 0, rate);
        }
        return null;
    }

    static boolean dropFrame(Clip clip, FrameRate rate) {
        return rate.supportsDropFrame()
                && clip.metadata()
                        .namespace(Edit.NAMESPACE)
                        .get("drop_frame")
                        .map(Boolean.TRUE::equals)
                        .orElse(false);
    }
}
