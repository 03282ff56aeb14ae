package gateway.relink.read.fcpxml;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Stack;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditReader;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.xml.SafeXml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads Final Cut Pro X XML, versions 1.8 to 1.13, from a {@code .fcpxml} file or a
 * {@code .fcpxmld} bundle (its {@code Info.fcpxml}). The first {@code project} found (in a
 * library, an event or at the top) becomes the timeline; a document without one (exported browser
 * clips) becomes a timeline of its clips laid end to end.
 *
 * <p>Times are exact rationals until they meet the sequence's frame grid; a time off the grid is
 * rounded to the nearest frame and noted (a strict reading fails instead). Picture goes on video
 * tracks by lane (V1 = the primary storyline, then lanes 1, 2 ...), sound on audio tracks (the
 * storyline's sound, then lanes -1, -2 ..., then 1, 2 ...). Every clip has an ORIGINAL
 * {@code MissingReference} (asset name, decoded path, file name; asset id and uid in its
 * {@code fcpxml} metadata) and, when the asset has a proxy media-rep, a PROXY
 * {@code ExternalReference}. Compound clips stay one clip (contents summarised in metadata, the
 * compound's timeline in {@link Edit#nests()} by media id, named by the clip's {@code edit.nest}),
 * multicam clips play their active angles, {@code timeMap}s become time effects.
 */
public final class FcpXmlReader implements EditReader {
    /** The file a {@code .fcpxmld} bundle keeps its document in. */
    public static final String BUNDLE_DOCUMENT = "Info.fcpxml";

    @Override
    public EditFormat format() {
        return EditFormat.FCPXML;
    }

    /** Reads a {@code .fcpxml} file, or the {@code Info.fcpxml} of a {@code .fcpxmld} bundle directory. */
    @Override
    public Edit read(Path file, ReadOptions options) {
        Path document = file;
        if (Files.isDirectory(file)) {
            document = file.resolve(BUNDLE_DOCUMENT);
            if (!Files.isRegularFile(document)) {
                throw new GatewayException(
                        Reason.NOT_FOUND,
                        "FCPXML bundle " + file + " has no " + BUNDLE_DOCUMENT + "; is it a .fcpxmld bundle?");
            }
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(document);
        } catch (IOException e) {
            throw GatewayException.io("cannot read edit " + document + ": " + e.getMessage(), e);
        }
        return read(bytes, document.toString(), options);
    }

    @Override
    public Edit read(byte[] content, String sourceName, ReadOptions options) {
        FcpElement root = new FcpElement(SafeXml.parse(content, sourceName).getDocumentElement());
        if (!root.is("fcpxml")) {
            throw new GatewayException(
                    Reason.PARSE_ERROR,
                    sourceName + ": the root element is <" + root.name() + ">, not <fcpxml>; not an FCPXML document");
        }
        FcpVersion version = FcpVersion.parse(root.attr("version"), sourceName).requireSupported(sourceName);
        FcpFindings findings = new FcpFindings(sourceName, options.strict());
        FcpResources resources = FcpResources.of(root, sourceName);
        List<FcpElement> projects = new ArrayList<>();
        collect(root, "project", projects);
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("version", version.toString());
        root.child("library").ifPresent(l -> putIfPresent(md, "library", l.attr("location")));
        Map<String, Timeline> compounds = new LinkedHashMap<>();
        Timeline timeline = projects.isEmpty()
                ? browserClips(root, resources, findings, options, md, compounds)
                : project(projects, resources, findings, options, md, compounds);
        return new Edit(EditFormat.FCPXML, timeline, List.of(), findings.all(), compounds);
    }

    private static Timeline project(
            List<FcpElement> projects,
            FcpResources resources,
            FcpFindings findings,
            ReadOptions options,
            Map<String, Object> md,
            Map<String, Timeline> compoundsRead) {
        FcpElement project = projects.get(0);
        if (projects.size() > 1) {
            findings.note(
                    null,
                    "the document holds " + projects.size() + " projects; reading the first, '"
                            + project.attr("name", "") + "'");
        }
        FcpElement sequence = project.child("sequence")
                .orElseThrow(() -> findings.parseError(project.describe() + " has no sequence"));
        FcpResources.Format format =
                resources.requireFormat(sequence.attr("format"), "the sequence of " + project.describe());
        FrameRate rate = format.rate();
        if (rate == null) {
            rate = options.rate();
            findings.inconsistency(
                    null,
                    "format '" + format.id() + "' of the sequence has no frameDuration; reading at "
                            + rate.toDecimalString() + " fps from the read options");
        }
        FcpTime tcStart = sequence.time("tcStart", FcpTime.ZERO);
        boolean dropFrame = "DF".equals(sequence.attr("tcFormat"));
        FrameGrid grid = new FrameGrid(rate, tcStart, findings);
        List<String> problems = new ArrayList<>();
        long start = grid.frames(tcStart, "the sequence tcStart", null, problems);
        Compounds compounds = new Compounds(resources, findings, rate);
        StoryWalker walker = new StoryWalker(resources, grid, dropFrame, findings, "", compounds);
        List<Track> tracks = walker.walk(sequence);
        compoundsRead.putAll(compounds.timelines());

        md.put("project", project.attr("name", ""));
        putIfPresent(md, "project_uid", project.attr("uid"));
        ancestor(project, "event").ifPresent(e -> md.put("event", e.attr("name", "")));
        md.put("format", format(format, rate));
        md.put("tc_start", tcStart.toString());
        md.put("tc_format", sequence.attr("tcFormat", "NDF"));
        md.put("drop_frame", dropFrame && rate.supportsDropFrame());
        putIfPresent(md, "duration", sequence.attr("duration"));
        putIfPresent(md, "audio_layout", sequence.attr("audioLayout"));
        putIfPresent(md, "audio_rate", sequence.attr("audioRate"));
        if (!problems.isEmpty()) {
            md.put("problems", problems);
        }
        return new Timeline(
                project.attr("name", ""),
                RationalTime.of(start, rate),
                Stack.of(tracks),
                Metadata.empty().with("fcpxml", md));
    }

    /** A document of browser clips (no project): the clips end to end from zero, at the first clip's rate. */
    private static Timeline browserClips(
            FcpElement root,
            FcpResources resources,
            FcpFindings findings,
            ReadOptions options,
            Map<String, Object> md,
            Map<String, Timeline> compoundsRead) {
        List<FcpElement> clips = new ArrayList<>();
        collectBrowserClips(root, clips);
        FrameRate rate = clips.stream()
                .map(c -> resources
                        .format(c.attr("format"))
                        .or(() -> resources.asset(c.attr("ref")).flatMap(a -> resources.format(a.formatId())))
                        .map(FcpResources.Format::rate)
                        .orElse(null))
                .filter(r -> r != null)
                .findFirst()
                .orElse(options.rate());
        findings.note(
                null,
                "the document holds no project; its " + clips.size() + " browser clips are laid end to end at "
                        + rate.toDecimalString() + " fps");
        FrameGrid grid = new FrameGrid(rate, FcpTime.ZERO, findings);
        Compounds compounds = new Compounds(resources, findings, rate);
        StoryWalker walker = new StoryWalker(resources, grid, false, findings, "", compounds);
        List<Track> tracks = walker.walkBrowserClips(clips);
        compoundsRead.putAll(compounds.timelines());
        md.put("browser_clips", (long) clips.size());
        String name = root.child("event")
                .or(() -> root.child("library").flatMap(l -> l.child("event")))
                .map(e -> e.attr("name", ""))
                .orElse("");
        return new Timeline(
                name,
                RationalTime.zero(rate),
                Stack.of(tracks),
                Metadata.empty().with("fcpxml", md));
    }

    private static void collectBrowserClips(FcpElement parent, List<FcpElement> out) {
        for (FcpElement c : parent.children()) {
            if (c.is("library") || c.is("event")) {
                collectBrowserClips(c, out);
            } else if (c.isStoryItem() && !c.is("gap") && !c.is("transition") && !c.is("spine")) {
                out.add(c);
            }
        }
    }

    private static void collect(FcpElement parent, String tag, List<FcpElement> out) {
        for (FcpElement c : parent.children()) {
            if (c.is(tag)) {
                out.add(c);
            } else if (c.is("library") || c.is("event")) {
                collect(c, tag, out);
            }
        }
    }

    private static Optional<FcpElement> ancestor(FcpElement e, String tag) {
        for (Node n = e.dom().getParentNode(); n != null; n = n.getParentNode()) {
            if (n instanceof Element el && new FcpElement(el).is(tag)) {
                return Optional.of(new FcpElement(el));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> format(FcpResources.Format f, FrameRate rate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        putIfPresent(m, "name", f.name());
        m.put("rate", rate.toString());
        if (f.width() != null) {
            m.put("width", (long) f.width());
        }
        if (f.height() != null) {
            m.put("height", (long) f.height());
        }
        return m;
    }

    private static void putIfPresent(Map<String, Object> md, String key, String value) {
        if (value != null) {
            md.put(key, value);
        }
    }
}
