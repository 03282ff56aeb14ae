package gateway.relink.read.aaf;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.timeline.Timeline;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditProblem;
import gateway.relink.read.EditReader;
import gateway.relink.read.ReadOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an AAF file (Media Composer, Premiere Pro, Resolve exports) into the timeline model: the
 * compound file through POIFS ({@link AafStore}), AAF's object model on top ({@link AafObject}), the
 * top-level CompositionMob as the timeline ({@link CompositionReader}), every SourceClip followed down
 * its mobs to the clip name, reel, file and timecode ({@link SourceChain}). The sequence is the
 * composition Media Composer marks top-level; else the one no other composition plays; with several, the
 * last modified, and the others are named as a problem. Anything that cannot be read — a truncated
 * container, a missing object, a reference cycle, more objects than an edit has — is PARSE_ERROR naming
 * the object's path in the file.
 */
public final class AafReader implements EditReader {
    /**
     * Media Composer's usage code of a top-level sequence (AUID 0D010102-0101-0700-060E-2B3404010101,
     * as stored little- and big-endian); motion-effect and subclip compositions carry others.
     */
    private static final Set<String> USAGE_TOP_LEVEL =
            Set.of("0201010d01010007060e2b3404010101", "0d0101020101070006" + "0e2b3404010101");

    @Override
    public EditFormat format() {
        return EditFormat.AAF;
    }

    /** True when {@code head} (the file's first bytes) is a compound file, the container AAF uses. */
    public static boolean recognises(byte[] head) {
        return AafStore.looksLikeCompoundFile(head);
    }

    @Override
    public Edit read(byte[] content, String sourceName, ReadOptions options) {
        try (AafStore store = AafStore.open(content, sourceName)) {
            AafObject root = store.root();
            AafObject header = root.child(Pid.ROOT_HEADER)
                    .orElseThrow(() -> store.failure("/", "no Header: a compound file, but not AAF"));
            AafDictionary dictionary = new AafDictionary(root, header);
            AafObject content0 = header.child(Pid.HEADER_CONTENT)
                    .orElseThrow(() -> store.failure(header.path(), "no ContentStorage"));
            Map<String, AafObject> mobs = new LinkedHashMap<>();
            for (AafObject mob : content0.children(Pid.CONTENT_MOBS)) {
                if (mob.has(Pid.MOB_ID)) {
                    mobs.put(mob.mobId(Pid.MOB_ID), mob);
                }
            }
            List<EditProblem> problems = new ArrayList<>();
            version(header, sourceName).ifPresent(problems::add);
            AafObject top = topLevel(mobs, problems, sourceName);
            CompositionReader reader = new CompositionReader(new SourceChain(mobs), dictionary);
            Timeline timeline = reader.read(top);
            timeline = timeline.withMetadata(timeline.metadata().with("aaf", identification(header)));
            problems.addAll(reader.problems());
            return new Edit(EditFormat.AAF, timeline, List.of(), problems, reader.nests());
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GatewayException(Reason.PARSE_ERROR, sourceName + ": AAF cannot be read: " + e.getMessage(), e);
        }
    }

    private static AafObject topLevel(Map<String, AafObject> mobs, List<EditProblem> problems, String source) {
        List<AafObject> compositions = new ArrayList<>();
        List<AafObject> marked = new ArrayList<>();
        Set<String> played = new HashSet<>();
        for (AafObject mob : mobs.values()) {
            if (mob.type() != AafClass.COMPOSITION_MOB) {
                continue;
            }
            compositions.add(mob);
            byte[] usage = mob.raw(Pid.MOB_USAGE_CODE);
            if (usage != null
                    && USAGE_TOP_LEVEL.contains(java.util.HexFormat.of().formatHex(usage))) {
                marked.add(mob);
            }
        }
        if (compositions.isEmpty()) {
            throw new GatewayException(Reason.PARSE_ERROR, source + ": the AAF holds no sequence (no CompositionMob)");
        }
        List<AafObject> candidates = marked;
        if (candidates.isEmpty()) {
            for (AafObject c : compositions) {
                collectPlayed(c, mobs, played);
            }
            candidates = new ArrayList<>();
            for (AafObject c : compositions) {
                if (!played.contains(c.mobId(Pid.MOB_ID))) {
                    candidates.add(c);
                }
            }
            if (candidates.isEmpty()) {
                candidates = compositions;
            }
        }
        AafObject chosen = candidates.get(0);
        for (AafObject c : candidates) {
            if (c.int64(0x4404, 0) > chosen.int64(0x4404, 0)) {
                chosen = c;
            }
        }
        if (candidates.size() > 1) {
            List<String> others = new ArrayList<>();
            for (AafObject c : candidates) {
                if (c != chosen) {
                    others.add("'" + c.string(Pid.MOB_NAME, "") + "'");
                }
            }
            problems.add(new EditProblem(
                    0,
                    null,
                    "the AAF holds " + candidates.size() + " sequences; read '" + chosen.string(Pid.MOB_NAME, "")
                            + "' (last modified), not " + String.join(", ", others)));
        }
        return chosen;
    }

    /** The compositions that {@code composition}'s clips play (so they are nests, not the sequence). */
    private static void collectPlayed(AafObject composition, Map<String, AafObject> mobs, Set<String> played) {
        for (AafObject slot : composition.children(Pid.MOB_SLOTS)) {
            slot.child(Pid.SLOT_SEGMENT).ifPresent(seg -> collectPlayed(seg, mobs, played, 0));
        }
    }

    private static void collectPlayed(AafObject c, Map<String, AafObject> mobs, Set<String> played, int depth) {
        if (depth > Edit.MAX_NESTING * 4) {
            return;
        }
        if (c.type() == AafClass.SOURCE_CLIP) {
            AafObject target = mobs.get(c.mobId(Pid.SOURCE_ID));
            if (target != null && target.type() == AafClass.COMPOSITION_MOB) {
                played.add(c.mobId(Pid.SOURCE_ID));
            }
            return;
        }
        for (int pid : new int[] {
            Pid.SEQUENCE_COMPONENTS, Pid.OPERATION_INPUTS, Pid.NESTED_SCOPE_SLOTS, Pid.ESSENCE_GROUP_CHOICES
        }) {
            for (AafObject k : c.children(pid)) {
                collectPlayed(k, mobs, played, depth + 1);
            }
        }
        c.child(Pid.SELECTOR_SELECTED).ifPresent(k -> collectPlayed(k, mobs, played, depth + 1));
    }

    /**
     * The Header's Version (major, minor): the object model this reader follows is AAF 1.0 to 1.2; a file
     * of another version is read as one of those, and that is named so nobody trusts it silently.
     */
    private static java.util.Optional<EditProblem> version(AafObject header, String source) {
        byte[] v = header.raw(Pid.HEADER_VERSION);
        if (v == null || v.length != 2) {
            return java.util.Optional.of(new EditProblem(
                    0, null, source + ": the AAF Header states no version; read as AAF 1.1, check the result"));
        }
        int major = v[0];
        int minor = v[1];
        if (major == 1 && minor >= 0 && minor <= 2) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new EditProblem(
                0,
                null,
                source + ": AAF version " + major + "." + minor
                        + " is not one this reader knows (1.0 to 1.2); read as AAF 1.1, check every event"));
    }

    private static Map<String, Object> identification(AafObject header) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<AafObject> ids = header.children(Pid.HEADER_IDENTIFICATIONS);
        if (!ids.isEmpty()) {
            AafObject last = ids.get(ids.size() - 1);
            out.put("company", last.string(Pid.IDENT_COMPANY, ""));
            out.put("product", last.string(Pid.IDENT_PRODUCT, ""));
            out.put("version", last.string(Pid.IDENT_VERSION_STRING, ""));
        }
        return out;
    }
}
