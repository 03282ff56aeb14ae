package gateway.proxy.probe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an MXF file's index tables against its essence (SMPTE ST 377-1 §11): a walk of the
 * file's top-level KLVs finds where each content package of each essence stream (body SID) starts,
 * as an offset into that stream (a body partition's Body Offset plus the bytes since its first
 * essence or system item: the fill that aligns the essence to the KAG is not counted); every index
 * entry must name the start of its edit unit's content package, and no segment may index more
 * edit units than the stream holds. Clip-wrapped essence (OP-Atom: one KLV for all frames) has
 * no per-frame keys to check entries against and is not checked.
 */
final class MxfIndexCheck {
    /** Files with more top-level KLVs than this are not checked (ten hours of 60 fps with a few tracks). */
    private static final int MAX_KLVS = 10_000_000;

    private MxfIndexCheck() {}

    /** One index table segment and where it is in the file. */
    private record Segment(long at, MxfIndexSegment index) {}

    /** A warning naming the first thing an index table gets wrong, or empty (also when it cannot tell). */
    static Optional<String> check(FileChannel ch) throws IOException {
        long size = ch.size();
        Map<Long, List<Long>> packages = new HashMap<>(); // body SID → content package starts (stream offsets)
        Map<Long, Long> streamBytes = new HashMap<>();
        Map<Long, byte[]> leader = new HashMap<>(); // body SID → the key that starts each content package
        List<Segment> segments = new ArrayList<>();
        long sid = 0;
        long bodyOffset = 0;
        long essenceStart = -1;
        long pos = 0;
        ByteBuffer kl = ByteBuffer.allocate(16 + 9);
        for (int n = 0; pos + 17 <= size; n++) {
            if (n >= MAX_KLVS) {
                return Optional.empty();
            }
            kl.clear();
            ch.read(kl, pos);
            kl.flip();
            if (kl.remaining() < 17) {
                break;
            }
            byte[] key = new byte[16];
            kl.get(key);
            int first = kl.get() & 0xff;
            long length = first;
            int lengthBytes = 1;
            if (first >= 0x80) {
                int k = first & 0x7f;
                if (k == 0 || k > 8 || kl.remaining() < k) {
                    return Optional.empty(); // not KLV any more: what the other checks report
                }
                length = 0;
                for (int i = 0; i < k; i++) {
                    length = (length << 8) | (kl.get() & 0xff);
                }
                lengthBytes += k;
            }
            long value = pos + 16 + lengthBytes;
            if (length < 0 || value + length > size) {
                break; // cut short: the essence up to here is what there is
            }
            if (MxfKeys.isPartitionPack(key)) {
                ByteBuffer p = ByteBuffer.allocate(64);
                ch.read(p, value);
                bodyOffset = p.getLong(52);
                sid = Integer.toUnsignedLong(p.getInt(60));
                essenceStart = -1;
            } else if (MxfKeys.isIndexSegment(key) && length <= 64L << 20) {
                ByteBuffer v = ByteBuffer.allocate((int) length);
                ch.read(v, value);
                long at = pos;
                MxfIndexSegment.read(v.flip()).ifPresent(index -> segments.add(new Segment(at, index)));
            } else if (sid != 0 && MxfKeys.isEssence(key)) {
                if (essenceStart < 0) {
                    essenceStart = pos;
                }
                long offset = bodyOffset + (pos - essenceStart);
                byte[] lead = leader.computeIfAbsent(sid, s -> key);
                if (java.util.Arrays.equals(lead, key)) {
                    packages.computeIfAbsent(sid, s -> new ArrayList<>()).add(offset);
                }
                streamBytes.merge(sid, offset + (value + length - pos), Math::max);
            }
            pos = value + length;
        }
        for (Segment s : segments) {
            List<Long> starts = packages.getOrDefault(s.index().bodySid(), List.of());
            long bytes = streamBytes.getOrDefault(s.index().bodySid(), 0L);
            if (starts.size() == 1 && s.index().duration() > 1) {
                continue; // clip-wrapped
            }
            if (s.index().editUnitBytes() > 0) {
                long claimed =
                        (s.index().start() + s.index().duration()) * s.index().editUnitBytes();
                if (s.index().duration() > 0 && claimed > bytes) {
                    return Optional.of(lie(
                            s,
                            "indexes edit units " + s.index().start() + " to "
                                    + (s.index().start() + s.index().duration() - 1)
                                    + " of " + s.index().editUnitBytes() + " bytes each (" + claimed
                                    + " bytes), but the essence holds "
                                    + bytes + " bytes"));
                }
                continue;
            }
            if (s.index().start() > starts.size()
                    || s.index().start() + s.index().entries().length > starts.size()) {
                return Optional.of(lie(
                        s,
                        "indexes edit units " + s.index().start() + " to "
                                + (s.index().start() + s.index().entries().length - 1) + ", but the essence holds "
                                + starts.size() + " content packages"));
            }
            for (int i = 0; i < s.index().entries().length; i++) {
                long want = starts.get((int) (s.index().start() + i));
                if (s.index().entries()[i].streamOffset() != want) {
                    return Optional.of(lie(
                            s,
                            "says edit unit " + (s.index().start() + i) + " starts at essence offset "
                                    + s.index().entries()[i].streamOffset() + ", where its content package starts at "
                                    + want));
                }
            }
        }
        return Optional.empty();
    }

    private static String lie(Segment s, String what) {
        return "index table that lies: the index table segment at byte " + s.at() + " " + what
                + "; whatever seeks by it (an NLE, a partial restore) would read the wrong frames";
    }
}
