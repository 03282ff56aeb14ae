package gateway.relink.read.fcp7;

import gateway.model.timeline.Timeline;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditReader;
import gateway.relink.read.InvalidEvent;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.xml.SafeXml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Document;

/**
 * Reads Final Cut Pro 7 XML ({@code xmeml}, as Premiere Pro, Resolve, Hiero and FCP 7 write it).
 * The edit is the first top-level sequence (directly under {@code xmeml}, or in a project or bin);
 * others are noted and available from {@link #readAll}. Rates are {@code timebase} + {@code ntsc}
 * (TRUE: timebase × 1000/1001), inherited down the tree when an element does not give its own.
 * Clips carry a {@code MissingReference} (reel, clip name, file name, decoded {@code pathurl}) for
 * the linker; generators a {@code GeneratorReference}; time remaps become speed effects, other
 * filters unknown effects; transitions keep their alignment. Nested sequences stay clips (the model
 * has no nested stacks) whose metadata ({@code fcp7_xml.nested_sequence}) summarises the sequence;
 * every sequence read is in {@link Edit#nests()} under its id, and the clip names it in
 * {@code edit.nest}. A sequence that plays itself is an inconsistency (strict: a parse error).
 * The XML is parsed by {@link SafeXml}: no entities, no external DTDs, no XInclude.
 */
public final class Fcp7XmlReader implements EditReader {
    private static final Set<String> CONTAINERS = Set.of("project", "bin", "children");

    @Override
    public EditFormat format() {
        return EditFormat.FCP7_XML;
    }

    /** True when {@code content} looks like xmeml: an {@code <xmeml} tag near the start. */
    public static boolean recognises(byte[] content) {
        int n = Math.min(content.length, 8192);
        String ascii = new String(content, 0, n, StandardCharsets.ISO_8859_1);
        if (ascii.contains("<xmeml")) {
            return true;
        }
        return new String(content, 0, n, StandardCharsets.UTF_16LE).contains("<xmeml")
                || new String(content, 0, n, StandardCharsets.UTF_16BE).contains("<xmeml");
    }

    @Override
    public Edit read(byte[] content, String sourceName, ReadOptions options) {
        Reading r = new Reading(content, sourceName, options);
        Timeline main = r.sequences.read(r.topLevel.get(0), Scope.root());
        for (int i = 1; i < r.topLevel.size(); i++) {
            XmlNode other = r.topLevel.get(i);
            r.findings.note(
                    other.label(),
                    "sequence '" + other.text("name").orElse("") + "' is not the first in the file; not conformed"
                            + " (the edit is '" + main.name() + "')");
        }
        return new Edit(EditFormat.FCP7_XML, main, r.invalid, r.findings.all(), r.sequences.byKey());
    }

    /**
     * Every sequence in the file as a timeline: each top-level sequence, and every nested sequence
     * a clip plays, nested ones before the sequence that contains them.
     */
    public List<Timeline> readAll(byte[] content, String sourceName, ReadOptions options) {
        Reading r = new Reading(content, sourceName, options);
        for (XmlNode s : r.topLevel) {
            r.sequences.read(s, Scope.root());
        }
        return r.sequences.all();
    }

    /** One pass over one file: the parsed document, its id table, findings and top-level sequences. */
    private static final class Reading {
        final Findings findings;
        final List<InvalidEvent> invalid = new ArrayList<>();
        final SequenceReader sequences;
        final List<XmlNode> topLevel = new ArrayList<>();

        Reading(byte[] content, String sourceName, ReadOptions options) {
            findings = new Findings(sourceName, options.strict());
            Document doc = SafeXml.parse(content, sourceName);
            XmlNode root = new XmlNode(doc.getDocumentElement());
            if (!root.tag().equals("xmeml")) {
                throw findings.parseError(
                        null, "the document element is <" + root.tag() + ">, not <xmeml>: not an FCP 7 XML file");
            }
            IdTable ids = new IdTable(doc.getDocumentElement());
            sequences = new SequenceReader(ids, findings, options.rate(), invalid);
            collect(root);
            if (topLevel.isEmpty()) {
                throw findings.parseError(null, "holds no <sequence>: nothing to conform");
            }
        }

        private void collect(XmlNode node) {
            for (XmlNode child : node.elements()) {
                if (child.tag().equals("sequence")) {
                    topLevel.add(child);
                } else if (CONTAINERS.contains(child.tag())) {
                    collect(child);
                }
            }
        }
    }
}
